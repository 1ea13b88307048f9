/**
 * Map labels as HTML (the map has no glyph server): office names, place names and partner-cluster
 * counts, placed over the canvas at their projected positions. Labels are laid out greedily by
 * priority and a label that would overlap one already placed is skipped, so the map stays legible
 * at every zoom. Text is set with textContent, never as HTML.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface LabelItem {
	id: string;
	text: string;
	lng: number;
	lat: number;
	/** Higher is placed first. */
	priority: number;
	/** CSS class: 'office', 'place' or 'cluster'. */
	kind: 'office' | 'place' | 'cluster';
	/** Shown from this zoom on. */
	minzoom?: number;
}

export interface PlacedLabel {
	item: LabelItem;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Rough text box in pixels, for collision before the element exists. */
function estimateBox(item: LabelItem): { width: number; height: number } {
	const size = item.kind === 'office' ? 12 : item.kind === 'cluster' ? 11 : 11;
	return { width: item.text.length * size * 0.58 + 6, height: size + 4 };
}

/**
 * Which labels to draw and where: items in view and at or above their minzoom, by priority,
 * skipping any whose box overlaps a placed one. Cluster counts sit on their circles and never collide.
 */
export function layoutLabels(
	items: readonly LabelItem[],
	project: (lng: number, lat: number) => { x: number; y: number },
	view: { width: number; height: number; zoom: number }
): PlacedLabel[] {
	const placed: PlacedLabel[] = [];
	const sorted = [...items].sort((a, b) => b.priority - a.priority);
	for (const item of sorted) {
		if ((item.minzoom ?? 0) > view.zoom) continue;
		const p = project(item.lng, item.lat);
		if (p.x < -50 || p.y < -20 || p.x > view.width + 50 || p.y > view.height + 20) continue;
		const { width, height } = estimateBox(item);
		// Offices and places label to the right of their point; cluster counts are centred on it.
		const x = item.kind === 'cluster' ? p.x - width / 2 : p.x + 7;
		const y = p.y - height / 2;
		const box = { item, x, y, width, height };
		if (item.kind !== 'cluster' && placed.some((o) => o.item.kind !== 'cluster' && overlaps(o, box))) continue;
		placed.push(box);
	}
	return placed;
}

function overlaps(a: PlacedLabel, b: PlacedLabel): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Minimum zoom for a place label by population: big cities first. */
export function placeMinzoom(population: number): number {
	if (population >= 1_000_000) return 3;
	if (population >= 300_000) return 5;
	if (population >= 100_000) return 6.5;
	if (population >= 30_000) return 8;
	return 9.5;
}

/** Keeps a layer of HTML labels over `map` in step with `items()` on every move. */
export class LabelLayer {
	private container: HTMLDivElement;
	private pool: HTMLDivElement[] = [];
	private frame = 0;
	placed: PlacedLabel[] = [];
	visible = true;

	constructor(
		private map: MapLibreMap,
		private items: () => LabelItem[]
	) {
		this.container = document.createElement('div');
		this.container.className = 'map-labels';
		this.container.setAttribute('aria-hidden', 'true');
		map.getContainer().appendChild(this.container);
		map.on('move', this.schedule);
		map.on('idle', this.schedule);
		map.on('resize', this.schedule);
		this.schedule();
	}

	schedule = () => {
		if (this.frame) return;
		this.frame = requestAnimationFrame(() => {
			this.frame = 0;
			this.draw();
		});
	};

	private draw() {
		const canvas = this.map.getCanvas();
		const view = { width: canvas.clientWidth, height: canvas.clientHeight, zoom: this.map.getZoom() };
		this.placed = this.visible ? layoutLabels(this.items(), (lng, lat) => this.map.project([lng, lat]), view) : [];
		while (this.pool.length < this.placed.length) {
			const el = document.createElement('div');
			this.container.appendChild(el);
			this.pool.push(el);
		}
		this.pool.forEach((el, i) => {
			const p = this.placed[i];
			if (!p) {
				el.style.display = 'none';
				return;
			}
			el.style.display = '';
			el.className = `map-label ${p.item.kind}`;
			el.textContent = p.item.text;
			el.style.transform = `translate(${Math.round(p.x)}px, ${Math.round(p.y)}px)`;
		});
	}

	remove() {
		cancelAnimationFrame(this.frame);
		this.map.off('move', this.schedule);
		this.map.off('idle', this.schedule);
		this.map.off('resize', this.schedule);
		this.container.remove();
	}
}
