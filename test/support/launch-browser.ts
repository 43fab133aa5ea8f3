/**
 * The one way tests start a browser: `playwright-core` driving the chromium that
 * `npm install` brings inside `@sparticuz/chromium` (no system browser, no download).
 * Set CHROMIUM_PATH to use another chromium (for example Debian's) instead.
 */
import { execFileSync } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';

export const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

let cachedPath: string | undefined;

/**
 * `@sparticuz/chromium` is an ES module and Jest runs tests as CommonJS, so its
 * executablePath() (which unpacks the bundled binary into the temp dir once) runs in a
 * short child process.
 */
export function chromiumExecutablePath(): string {
  const configured = process.env.CHROMIUM_PATH?.trim();
  if (configured) return configured;
  cachedPath ??= execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "const { default: c } = await import('@sparticuz/chromium'); process.stdout.write(await c.executablePath());"],
    { encoding: 'utf8', cwd: __dirname, timeout: 60_000 },
  ).trim();
  return cachedPath;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutablePath(), args: BROWSER_ARGS });
}
