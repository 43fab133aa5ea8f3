/**
 * `npm run build`: bundles the admin page's Custom UI (static/admin/src) into
 * static/admin/build — index.html plus assets/main.js and assets/main.css — the folder
 * manifest.yml's `admin-page` resource points at.
 *
 * Forge serves Custom UI under a CSP that forbids inline scripts, so the page loads its
 * bundle from a file; URLs are relative because Forge serves resources from its own CDN path.
 * Offline and deterministic: no network, fixed output names, same input → same bytes.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { sortAtomicCss } from './sort-atomic-css';

const ROOT = path.resolve(__dirname, '..');
const ADMIN = path.join(ROOT, 'static/admin');
const OUT = path.join(ADMIN, 'build');
const ASSETS = path.join(OUT, 'assets');
const SCRIPT_TAG = '<script src="./assets/main.js"></script>';
const STYLE_TAG = '<link rel="stylesheet" href="./assets/main.css" />';

async function main(): Promise<void> {
  const started = Date.now();
  const template = await readFile(path.join(ADMIN, 'index.html'), 'utf8');
  for (const tag of [SCRIPT_TAG, STYLE_TAG]) {
    if (!template.includes(tag)) throw new Error(`static/admin/index.html must contain ${tag} (the bundle is loaded from files, never inline)`);
  }
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(template)) throw new Error('static/admin/index.html has an inline <script>: Forge Custom UI forbids inline scripts');

  await rm(OUT, { recursive: true, force: true });
  await mkdir(ASSETS, { recursive: true });
  const result = await build({
    entryPoints: { main: path.join(ADMIN, 'src/index.tsx') },
    absWorkingDir: ROOT,
    bundle: true,
    outdir: ASSETS,
    entryNames: '[name]',
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    sourcemap: false,
    // Some packages read `process.env.*` guards; the browser has no `process`.
    define: { 'process.env.NODE_ENV': '"production"', 'process.env': '{}', global: 'globalThis' },
    tsconfig: path.join(ADMIN, 'tsconfig.json'),
    logLevel: 'silent',
    write: false,
  });
  for (const file of result.outputFiles) {
    // Atlaskit components ship atomic CSS that only works in Compiled's rule order.
    await writeFile(file.path, file.path.endsWith('.css') ? sortAtomicCss(file.text) : file.contents);
  }
  await writeFile(path.join(OUT, 'index.html'), template);

  const sizes = await Promise.all(['index.html', 'assets/main.js', 'assets/main.css'].map(async (name) => `${name} ${((await stat(path.join(OUT, name))).size / 1024).toFixed(1)} KiB`));
  const warnings = result.warnings.length > 0 ? ` (${result.warnings.length} esbuild warnings)` : '';
  console.log(`admin page built in ${Date.now() - started} ms → static/admin/build: ${sizes.join(', ')}${warnings}`);
}

main().catch((error: unknown) => {
  const errors = (error as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    for (const e of errors) console.error(`build-admin: ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
  } else {
    console.error(`build-admin: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.error('build-admin: the admin page was not built.');
  process.exit(1);
});
