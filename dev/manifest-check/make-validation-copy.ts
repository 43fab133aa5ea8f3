// Copies what the Forge validators and linters read (manifest.yml, tsconfig.json, package.json,
// .gitignore, src/ and every resource path) into a temporary directory, and fills in resource paths
// that do not exist yet with placeholders, because @forge/manifest's ResourcesValidator requires
// each resource path to exist ("missing resource ..."), a directory to be non-empty ("empty
// directory ..."), and a Custom UI directory to hold index.html. A clean clone lacks the bundler's
// output (static/admin/build) and may lack not-yet-written UI Kit entries. Every placeholder is
// listed in the result so a test can say which checks it papered over. The project is never written.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { expandTsconfigDirectoryIncludes, type TsconfigIncludeRewrite } from './expand-tsconfig-directory-includes';
import { readManifestResources, type ManifestResourceUse } from './read-manifest-resources';

export type PlaceholderKind = 'ui-kit-entry-file' | 'custom-ui-directory' | 'static-directory';

export interface ResourcePlaceholder {
  resourceKey: string;
  resourcePath: string;
  kind: PlaceholderKind;
  /** Paths relative to the copy's root. */
  createdFiles: string[];
}

export interface ValidationCopy {
  dir: string;
  manifestPath: string;
  placeholders: ResourcePlaceholder[];
  tsconfigIncludeRewrite: TsconfigIncludeRewrite | null;
  remove(): void;
}

export interface ValidationCopyOptions {
  /** See expand-tsconfig-directory-includes.ts; off by default (the copy keeps tsconfig.json as is). */
  expandTsconfigDirectoryIncludes?: boolean;
}

const ROOT_FILES = ['manifest.yml', 'tsconfig.json', 'package.json', '.gitignore'];
const PLACEHOLDER_NOTE = 'placeholder created by dev/manifest-check for a resource path that does not exist yet';

const skipDependencyAndVcsDirs = (source: string): boolean => !/[\\/](node_modules|\.git)([\\/]|$)/.test(source);

function copyIfPresent(projectRoot: string, copyRoot: string, relativePath: string): boolean {
  const source = path.join(projectRoot, relativePath);
  if (!fs.existsSync(source)) return false;
  fs.cpSync(source, path.join(copyRoot, relativePath), { recursive: true, filter: skipDependencyAndVcsDirs });
  return true;
}

function writeFile(copyRoot: string, relativePath: string, content: string): string {
  const target = path.join(copyRoot, relativePath);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  return relativePath.split(path.sep).join('/');
}

function createPlaceholder(copyRoot: string, use: ManifestResourceUse): ResourcePlaceholder {
  const base = { resourceKey: use.key, resourcePath: use.path };
  if (use.usedByUiKitModule && path.extname(use.path) !== '') {
    // UI Kit: the resource is the entry source file; @forge/lint parses it, so keep it valid code.
    return { ...base, kind: 'ui-kit-entry-file', createdFiles: [writeFile(copyRoot, use.path, `// ${PLACEHOLDER_NOTE}\nexport {};\n`)] };
  }
  if (use.usedByCustomUiModule) {
    const html = `<!doctype html>\n<!-- ${PLACEHOLDER_NOTE} -->\n<html><head><title>placeholder</title></head><body></body></html>\n`;
    return { ...base, kind: 'custom-ui-directory', createdFiles: [writeFile(copyRoot, path.join(use.path, 'index.html'), html)] };
  }
  const files = use.referencedFiles.length > 0 ? use.referencedFiles : ['placeholder.txt'];
  return {
    ...base,
    kind: 'static-directory',
    createdFiles: files.map((file) => writeFile(copyRoot, path.join(use.path, file), `${PLACEHOLDER_NOTE}\n`)),
  };
}

export function makeValidationCopy(projectRoot: string, options: ValidationCopyOptions = {}): ValidationCopy {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-check-'));
  const nodeModulesLink = path.join(dir, 'node_modules');
  const remove = (): void => {
    // Unlink the symlink first so nothing can ever recurse into the project's node_modules.
    if (fs.lstatSync(nodeModulesLink, { throwIfNoEntry: false })) fs.unlinkSync(nodeModulesLink);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const file of ROOT_FILES) copyIfPresent(projectRoot, dir, file);
    copyIfPresent(projectRoot, dir, 'src');

    const manifestPath = path.join(dir, 'manifest.yml');
    if (!fs.existsSync(manifestPath)) throw new Error(`no manifest.yml in ${projectRoot}`);

    const placeholders: ResourcePlaceholder[] = [];
    for (const use of readManifestResources(manifestPath)) {
      if (copyIfPresent(projectRoot, dir, use.path)) continue;
      placeholders.push(createPlaceholder(dir, use));
    }

    // Lets the lint's TypeScript parser resolve types exactly as in the project.
    const projectNodeModules = path.join(projectRoot, 'node_modules');
    if (fs.existsSync(projectNodeModules)) fs.symlinkSync(projectNodeModules, nodeModulesLink, 'dir');

    const tsconfigPath = path.join(dir, 'tsconfig.json');
    const tsconfigIncludeRewrite =
      options.expandTsconfigDirectoryIncludes && fs.existsSync(tsconfigPath)
        ? expandTsconfigDirectoryIncludes(tsconfigPath, projectRoot)
        : null;

    return { dir, manifestPath, placeholders, tsconfigIncludeRewrite, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
