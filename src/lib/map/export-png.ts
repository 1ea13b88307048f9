/**
 * The map as a PNG for slides and reports: a title, the map as drawn (with its labels), the
 * legend with its classes and counts, the source line and the date, drawn on one canvas.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { PlacedLabel } from './labels';

export interface PngLegendRow {
	color: string;
	text: string;
}

export interface PngContent {
	title: string;
	subtitle: string;
	legendTitle: string;
	legend: PngLegendRow[];
	/** Source lines, one per data set. */
	sources: string[];
	/** "Generated 21 November 2026". */
	dated: string;
	labels: PlacedLabel[];
}

const PAD = 16;
const LINE = 16;

/** Draws the map and its explanation on a new canvas (device pixels of the map canvas). */
export function composeMapImage(map: MapLibreMap, content: PngContent): HTMLCanvasElement {
	const source = map.getCanvas();
	const ratio = source.width / source.clientWidth;
	const mapW = source.clientWidth;
	const mapH = source.clientHeight;
	const legendCols = 2;
	const legendH = LINE * (1 + Math.ceil(content.legend.length / legendCols)) + 8;
	const footerH = LINE * (content.sources.length + 1) + 8;
	const headH = 52;
	const out = document.createElement('canvas');
	out.width = Math.round((mapW + 2 * PAD) * ratio);
	out.height = Math.round((headH + mapH + legendH + footerH + 2 * PAD) * ratio);
	const ctx = out.getContext('2d')!;
	ctx.scale(ratio, ratio);
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, out.width, out.height);

	ctx.fillStyle = '#111111';
	ctx.font = 'bold 18px system-ui, sans-serif';
	ctx.textBaseline = 'top';
	ctx.fillText(content.title, PAD, PAD);
	ctx.font = '13px system-ui, sans-serif';
	ctx.fillStyle = '#333333';
	ctx.fillText(content.subtitle, PAD, PAD + 24);

	const top = PAD + headH;
	ctx.drawImage(source, 0, 0, source.width, source.height, PAD, top, mapW, mapH);
	ctx.strokeStyle = '#999999';
	ctx.strokeRect(PAD, top, mapW, mapH);

	// The HTML labels are not in the canvas: draw them where they are on screen.
	for (const l of content.labels) {
		const bold = l.item.kind !== 'place';
		ctx.font = `${bold ? 'bold ' : ''}${l.item.kind === 'office' ? 12 : 11}px system-ui, sans-serif`;
		ctx.lineWidth = 3;
		ctx.strokeStyle = l.item.kind === 'cluster' ? 'rgba(0,0,0,0)' : '#ffffff';
		ctx.fillStyle = l.item.kind === 'cluster' ? '#ffffff' : l.item.kind === 'office' ? '#5a1f7a' : '#222222';
		const x = PAD + l.x + 3;
		const y = top + l.y + 2;
		if (x > PAD + mapW || y > top + mapH) continue;
		ctx.strokeText(l.item.text, x, y);
		ctx.fillText(l.item.text, x, y);
	}

	let y = top + mapH + 10;
	ctx.fillStyle = '#111111';
	ctx.font = 'bold 13px system-ui, sans-serif';
	ctx.fillText(content.legendTitle, PAD, y);
	y += LINE + 2;
	ctx.font = '12px system-ui, sans-serif';
	const colW = mapW / legendCols;
	content.legend.forEach((row, i) => {
		const x = PAD + (i % legendCols) * colW;
		const ry = y + Math.floor(i / legendCols) * LINE;
		ctx.fillStyle = row.color;
		ctx.fillRect(x, ry, 22, 11);
		ctx.strokeStyle = '#777777';
		ctx.lineWidth = 1;
		ctx.strokeRect(x, ry, 22, 11);
		ctx.fillStyle = '#222222';
		ctx.fillText(row.text, x + 28, ry);
	});
	y += Math.ceil(content.legend.length / legendCols) * LINE + 8;
	ctx.fillStyle = '#333333';
	ctx.font = '11px system-ui, sans-serif';
	for (const s of [...content.sources, content.dated]) {
		ctx.fillText(s, PAD, y, mapW);
		y += LINE;
	}
	return out;
}

/** Saves a canvas as a PNG file through a download link. */
export async function downloadCanvas(canvas: HTMLCanvasElement, fileName: string): Promise<void> {
	const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
	downloadBlob(blob, fileName);
}

/** Saves a Blob through a temporary link. */
export function downloadBlob(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
