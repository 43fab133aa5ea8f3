/**
 * Compiles a UI Kit resource (the module manifest.yml's `resources` entry points at, such
 * as src/frontend/issue-panel/index.tsx) into one script, bundling react, @forge/react and
 * @forge/bridge with it, the way the Forge CLI ships a UI Kit resource.
 *
 * Why esbuild and not the jest transformer: the module does its work when it loads
 * (`ForgeReconciler.render(...)`, and @forge/bridge reads `__bridge` at import time), so
 * every render needs a fresh copy of the module *and* of its SDK — its own React, its own
 * reconciler, its own bridge rate limiter — in its own global scope. A bundle evaluated in
 * a new `vm` context gives exactly that; jest's module registry would share one instance
 * per test file, the repo's swc transform does not parse TSX, and the sandbox (no jest)
 * needs the same path. It is also the bundler the admin page is built with.
 */
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');

/** The issue panel's resource (manifest.yml: resources → issue-panel). */
export const ISSUE_PANEL_ENTRY = path.join(ROOT, 'src/frontend/issue-panel/index.tsx');

const compiled = new Map<string, Promise<vm.Script>>();

/**
 * The entry bundled as a classic script, compiled once per process and entry; run it with
 * `script.runInContext(context)` for every render. React's development build is used so
 * its warnings (missing keys, bad hook use) reach the capture's console log.
 */
export function compileUiKitModule(entry: string = ISSUE_PANEL_ENTRY): Promise<vm.Script> {
  const absolute = path.resolve(entry);
  let script = compiled.get(absolute);
  if (!script) {
    script = bundle(absolute);
    compiled.set(absolute, script);
    // A failed build is not cached: the next render tries again (and reports again).
    script.catch(() => compiled.delete(absolute));
  }
  return script;
}

async function bundle(entry: string): Promise<vm.Script> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    sourcemap: false,
    define: { 'process.env.NODE_ENV': '"development"', 'process.env': '{}', global: 'globalThis' },
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${path.relative(ROOT, entry)}`);
  return new vm.Script(file.text, { filename: `ui-kit:${path.relative(ROOT, entry)}` });
}
