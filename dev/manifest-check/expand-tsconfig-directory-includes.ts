// Why: @forge/lint 6.3.1 (out/lint/lint.js) lints a .ts/.tsx file only if its absolute path is one
// of the paths that glob() returns for the tsconfig `include` entries. A plain directory entry such
// as "src" globs to the directory itself, so every .ts file under it is silently skipped. tsc reads
// "src" and "src/**/*" the same way; this rewrites the former into the latter so the lint sees the
// files. Used only on temporary validation copies, never on the project's own tsconfig.json.
import fs from 'fs';
import path from 'path';
import ts from 'typescript';

const GLOB_CHARS = /[*?[\]{}]/;

export interface TsconfigIncludeRewrite {
  from: string[];
  to: string[];
}

/**
 * Rewrites `include` entries of `tsconfigPath` that name an existing directory of `sourceRoot`.
 * Returns what changed, or null when nothing needed to change (comments in the file are dropped).
 */
export function expandTsconfigDirectoryIncludes(tsconfigPath: string, sourceRoot: string): TsconfigIncludeRewrite | null {
  const { config, error } = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (error) throw new Error(`cannot read ${tsconfigPath}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const include: unknown = config?.include;
  if (!Array.isArray(include)) return null;

  const from = include.filter((entry): entry is string => typeof entry === 'string');
  const to = from.map((entry) => {
    if (GLOB_CHARS.test(entry)) return entry;
    const absolute = path.resolve(sourceRoot, entry);
    const isDirectory = fs.existsSync(absolute) && fs.statSync(absolute).isDirectory();
    return isDirectory ? `${entry.replace(/[\\/]+$/, '')}/**/*` : entry;
  });
  if (to.every((entry, index) => entry === from[index])) return null;

  fs.writeFileSync(tsconfigPath, `${JSON.stringify({ ...config, include: to }, null, 2)}\n`);
  return { from, to };
}
