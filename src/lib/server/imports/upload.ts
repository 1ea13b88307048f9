/**
 * Reading an uploaded file from a request without holding more than the limit: the declared
 * Content-Length is checked first, then the bytes as they arrive (a chunked upload declares none).
 */

/**
 * Bytes read and thrown away once a body is over the limit. Cancelling the body at once resets the
 * connection, and a client still sending a chunked upload then gets ECONNRESET instead of the 413
 * that says why; reading on (without keeping anything) lets it read the answer.
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

/** The request's body, or 'too-large' as soon as it passes `limitBytes` (the rest is read and dropped in the background). */
export async function readBodyLimited(request: Request, limitBytes: number): Promise<Uint8Array | 'too-large'> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limitBytes) return 'too-large';
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const parts: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limitBytes) {
			void drain(reader);
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
