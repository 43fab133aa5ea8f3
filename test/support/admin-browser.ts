import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');

/** The Content-Security-Policy Forge serves Custom UI with: the page must work under it. */
export const FORGE_CUSTOM_UI_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'";
/** Where a test serves axe-core from the page's own origin (the CSP forbids the inline script addScriptTag({ path }) would add). */
export const AXE_PATH = '/__test/axe.min.js';

/** Rebuilds static/admin/build when a source is newer than the bundle (npm test builds first anyway). */
export function ensureAdminBuilt(): void {
  const bundle = path.join(ROOT, 'static/admin/build/assets/main.js');
  const newest = (dir: string): number => Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
  const sources = Math.max(newest(path.join(ROOT, 'static/admin/src')), statSync(path.join(ROOT, 'static/admin/index.html')).mtimeMs);
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/build-admin.ts'], { cwd: ROOT, stdio: 'pipe' });
}

/**
 * Readies a page for the admin Custom UI of the sandbox at `sandboxUrl`: page errors and
 * console errors go into `problems`, the page is served under Forge's CSP, and axe-core
 * from AXE_PATH. The caller navigates.
 */
export async function prepareAdminPage(page: Page, sandboxUrl: string, problems: string[]): Promise<void> {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.route(
    (url) => url.pathname === '/app/admin/',
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': FORGE_CUSTOM_UI_CSP } });
    },
  );
  await page.route(`${sandboxUrl}${AXE_PATH}`, (route) => route.fulfill({ path: require.resolve('axe-core/axe.min.js'), contentType: 'text/javascript' }));
}

/** What the page-side code below touches (the test tsconfig has no DOM lib). */
interface AxeGlobals {
  scrollY: number;
  document: { getAnimations(): Array<{ finished: Promise<unknown> }> };
  axe: { run(context: unknown): Promise<{ violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown[] }> }> }> };
}

/** axe-core over the whole page (open dialogs included); returns the serious and critical violations. */
export async function seriousViolations(page: Page, sandboxUrl: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ url: `${sandboxUrl}${AXE_PATH}` });
  return page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as AxeGlobals;
    // A fade still running (a button leaving its loading state) would read as low contrast.
    await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
    const result = await axe.run(document);
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** One part of the page (by test id) with a margin around it, wherever it is scrolled to, saved as `file`. */
export async function sectionScreenshot(page: Page, testId: string, file: string): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  const scrollY = await page.evaluate(() => (globalThis as unknown as AxeGlobals).scrollY);
  const margin = 16;
  await page.screenshot({
    path: file,
    fullPage: true,
    animations: 'disabled',
    clip: { x: Math.max(0, box.x - margin), y: Math.max(0, box.y + scrollY - margin), width: box.width + 2 * margin, height: box.height + 2 * margin },
  });
}
