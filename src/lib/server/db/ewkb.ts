/** A longitude/latitude pair in degrees (WGS 84). */
export interface LngLat {
	lng: number;
	lat: number;
}

/**
 * Reads a 2-D point from hex EWKB, the text both PostgreSQL drivers return for a geometry column.
 * Returns degrees; throws on anything that is not a point.
 */
export function parseEwkbPoint(hex: string): LngLat {
	const bytes = Buffer.from(hex, 'hex');
	const little = bytes[0] === 1;
	const type = little ? bytes.readUInt32LE(1) : bytes.readUInt32BE(1);
	const hasSrid = (type & 0x20000000) !== 0;
	if ((type & 0xff) !== 1) throw new Error(`expected an EWKB point, got geometry type ${type & 0xff}`);
	const offset = 5 + (hasSrid ? 4 : 0);
	const read = (at: number) => (little ? bytes.readDoubleLE(at) : bytes.readDoubleBE(at));
	return { lng: read(offset), lat: read(offset + 8) };
}
