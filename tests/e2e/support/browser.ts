/** Debian's chromium driven by playwright-core (never a downloaded browser), headless, fresh profile. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../../support/environment';

export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
	return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'atlas-chromium-')), {
		executablePath: CHROMIUM_PATH,
		headless: true,
		viewport,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--enable-unsafe-swiftshader'
		]
	});
}

/** `page`, with its page errors and console errors recorded in `problems` (a test asserts it stays empty). */
export function watched(page: Page, problems: string[]): Page {
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
	});
	return page;
}
