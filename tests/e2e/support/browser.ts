/** Debian's chromium driven by playwright-core (never a downloaded browser), headless, fresh profile. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
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
