/**
 * Reading an uploaded file from a request without holding more than the limit: the declared
 * Content-Length is checked first, then the bytes as they arrive (a chunked upload declares none).
 */

/**
 * How much of a body over the limit is read and thrown away before the 413 is sent. Answering
 * while the client was still sending left the connection half-read: the client's next request on
 * it was reset (and cancelling the body at once reset this one, so a chunked upload got
 * ECONNRESET instead of the answer). A body longer still is answered at once, or cancelled.
 */
const DRAIN_BYTES = 64 * 2 ** 20;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
	let drained = 0;
	try {
		while (drained < DRAIN_BYTES) {
			const { done, value } = await reader.read();
			if (done) return;
			drained += value.byteLength;
		}
		await reader.cancel();
	} catch {
		// the client went away
	}
}

/** The request's body, or 'too-large' when it passes `limitBytes` (after reading the rest, up to DRAIN_BYTES more, and dropping it). */
export async function readBodyLimited(request: Request, limitBytes: number): Promise<Uint8Array | 'too-large'> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limitBytes) {
		if (request.body && declared - limitBytes <= DRAIN_BYTES) await drain(request.body.getReader());
		return 'too-large';
	}
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const parts: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limitBytes) {
			await drain(reader);
			return 'too-large';
		}
		parts.push(value);
	}
	return Buffer.concat(parts);
}

/** Multipart form fields of a body already read, or null when it is not a well-formed multipart/form-data body. */
export async function formOf(body: Uint8Array, contentType: string | null): Promise<FormData | null> {
	if (!contentType?.startsWith('multipart/form-data')) return null;
	try {
		return await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
	} catch {
		return null;
	}
}
