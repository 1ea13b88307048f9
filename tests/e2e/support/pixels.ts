/** Pixel statistics of screenshots, to tell a drawn map or page from a blank one. */
import { PNG } from 'pngjs';

/** Distinct colours and the share of the most common one, to tell a drawn map from a blank canvas. */
export function colourStats(png: Buffer): { distinct: number; dominantShare: number } {
	const { data, width, height } = PNG.sync.read(png);
	const counts = new Map<number, number>();
	for (let i = 0; i < data.length; i += 4) {
		const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return { distinct: counts.size, dominantShare: Math.max(...counts.values()) / (width * height) };
}
