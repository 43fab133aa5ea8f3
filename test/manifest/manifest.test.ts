// Checks manifest.yml with Atlassian's own packages, fully offline:
// - @forge/manifest: its validation chains (schema, modules, resources, permissions, storage,
//   display conditions, trigger scopes, ...), in this process (dev/manifest-check/validate-manifest.ts);
//   the three remaining ValidationTypes only re-run validators FULL already runs;
// - @forge/lint: the client-side linters `forge lint` runs, in a child process with the Jira OpenAPI
//   document from ../shared/contracts (dev/manifest-check/run-forge-lint.ts).
// The app is checked in temporary copies of the project (dev/manifest-check/make-validation-copy.ts):
// resource paths that do not exist yet (the Custom UI build output, a UI Kit entry not yet written,
// icons) are filled with placeholders there, because @forge/manifest's ResourcesValidator requires
// them. A separate test shows that those placeholders hide nothing but "missing resource" errors.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse, parseDocument } from 'yaml';
import { makeValidationCopy, type ValidationCopy } from '../../dev/manifest-check/make-validation-copy';
import { formatLintFindings, runForgeLint, type ForgeLintReport, type ForgeLintRun } from '../../dev/manifest-check/run-forge-lint';
import { formatManifestFindings, validateManifest, type ManifestFinding } from '../../dev/manifest-check/validate-manifest';
import { ValidationTypes } from '@forge/manifest';
import { writeGetIssueFixtureApp } from './fixture-apps';

const projectRoot = path.resolve(__dirname, '../..');
// The lint child parses four projects with TypeScript: ~20 s alone, several times that on a
// 2-core machine while other test files run beside it. A slow run must not read as a failure.
const LINT_CHILD_TIMEOUT_MS = 170_000;
const HEAVY_TEST_TIMEOUT_MS = LINT_CHILD_TIMEOUT_MS + 10_000;

const LINT_JOB = {
  app: 'app (copy with placeholders, tsconfig directory includes expanded)',
  appAsIs: 'app (copy with placeholders, tsconfig.json as is)',
  missingScope: 'fixture: requestJira without read:jira-work',
  directoryInclude: 'fixture: same, tsconfig include ["src"]',
} as const;

let copyForLint: ValidationCopy;
let copyAsIs: ValidationCopy;
let fixturesRoot: string;
let lintRun: Promise<ForgeLintRun> | undefined;

beforeAll(() => {
  copyForLint = makeValidationCopy(projectRoot, { expandTsconfigDirectoryIncludes: true });
  copyAsIs = makeValidationCopy(projectRoot);
  fixturesRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-check-fixtures-'));
  const missingScopeApp = path.join(fixturesRoot, 'missing-scope');
  const directoryIncludeApp = path.join(fixturesRoot, 'directory-include');
  writeGetIssueFixtureApp(missingScopeApp);
  writeGetIssueFixtureApp(directoryIncludeApp, { tsconfigInclude: ['src'] });

  // Started now and awaited by the lint tests, so the child process runs while this process validates.
  lintRun = runForgeLint({
    projectRoot,
    jobs: [
      { label: LINT_JOB.app, projectDir: copyForLint.dir },
      { label: LINT_JOB.appAsIs, projectDir: copyAsIs.dir },
      { label: LINT_JOB.missingScope, projectDir: missingScopeApp },
      { label: LINT_JOB.directoryInclude, projectDir: directoryIncludeApp },
    ],
    timeoutMs: LINT_CHILD_TIMEOUT_MS,
  });
  lintRun.catch(() => undefined); // reported by the tests that await it
});

afterAll(async () => {
  await lintRun?.catch(() => undefined);
  copyForLint?.remove();
  copyAsIs?.remove();
  if (fixturesRoot) fs.rmSync(fixturesRoot, { recursive: true, force: true });
});

async function lintRunResult(): Promise<ForgeLintRun> {
  if (!lintRun) throw new Error('the lint child process was never started (see beforeAll)');
  return lintRun;
}

async function lintReport(label: string): Promise<ForgeLintReport> {
  const report = (await lintRunResult()).reports.find((r) => r.label === label);
  if (!report) throw new Error(`no lint report for ${label}`);
  if (report.fatal) throw new Error(`lint of ${label} could not run: ${report.fatal}`);
  return report;
}

const describePlaceholders = (copy: ValidationCopy): string =>
  copy.placeholders.map((p) => `${p.resourcePath} (${p.kind}: ${p.createdFiles.join(', ')})`).join('; ') || 'none';

describe('manifest.yml: @forge/manifest validation', () => {
  test(
    'passes BASIC, FULL, PRODUCT_TRIGGER and AGENT_PRODUCT_CONTEXT with no error or warning (temp copy; not-yet-built resource paths are placeholders)',
    async () => {
      const report = await validateManifest(copyAsIs.manifestPath);
      console.info(`placeholders: ${describePlaceholders(copyAsIs)}`);
      expect(formatManifestFindings(report.findings)).toBe('');
      expect(Object.values(report.successByType).every(Boolean)).toBe(true);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  test(
    'on the real tree the placeholders stand in only for "missing resource" errors of paths that do not exist',
    async () => {
      const real = await validateManifest(path.join(projectRoot, 'manifest.yml'));
      const copy = await validateManifest(copyAsIs.manifestPath);
      const explainedByPlaceholder = (finding: ManifestFinding): boolean =>
        copyAsIs.placeholders.some(
          (p) =>
            finding.message.startsWith(`missing resource '${p.resourcePath}'`) &&
            !fs.existsSync(path.join(projectRoot, p.resourcePath)),
        );
      const unexplained = real.findings.filter((f) => !explainedByPlaceholder(f));
      expect(formatManifestFindings(unexplained)).toBe(formatManifestFindings(copy.findings));
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  test(
    'after `npm run build` (part of npm install and npm test) the real manifest validates as is: every resource exists',
    async () => {
      expect(describePlaceholders(copyAsIs)).toBe('none');
      const real = await validateManifest(path.join(projectRoot, 'manifest.yml'));
      expect(formatManifestFindings(real.findings)).toBe('');
      expect(fs.existsSync(path.join(projectRoot, 'static/admin/build/index.html'))).toBe(true);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  test('rejects a trigger without events, naming the trigger module and the missing property', async () => {
    const document = parseDocument(fs.readFileSync(copyAsIs.manifestPath, 'utf8'));
    document.deleteIn(['modules', 'trigger', 0, 'events']);
    // Next to manifest.yml, so resources and src/ resolve exactly as for the real manifest.
    const brokenPath = path.join(copyAsIs.dir, 'manifest-trigger-without-events.yml');
    fs.writeFileSync(brokenPath, document.toString());

    const report = await validateManifest(brokenPath, { validationTypes: [ValidationTypes.FULL] });
    expect(report.successByType[ValidationTypes.FULL]).toBe(false);
    expect(report.findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^trigger required properties are .*'events, function, key'/)]),
    );
  });
});

describe('@forge/lint client-side linters, offline', () => {
  test(
    'report no problem for the app, with every linter running and src/ parsed',
    async () => {
      const report = await lintReport(LINT_JOB.app);
      console.info(
        `forge lint (offline) parsed ${report.parsedFiles.length}/${report.sourceFiles.length} files; ` +
          `tsconfig include in the lint copy: ${JSON.stringify(copyForLint.tsconfigIncludeRewrite?.to ?? 'unchanged')}\n${report.printed}`,
      );
      // src/ is written while this runs: a file that does not parse is reported, the rest is linted.
      if (report.unparseableFiles.length > 0) console.warn('not linted (does not parse):', report.unparseableFiles);
      expect(report.linterFailures).toEqual([]);
      expect(report.parsedFiles).toContain('src/index.ts');
      expect(report.skippedByTsconfig).toEqual([]);
      expect(formatLintFindings(report.findings)).toBe('');
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  test(
    'run without network access and never load keytar',
    async () => {
      const run = await lintRunResult();
      expect(run.networkAttempts).toEqual([]);
      expect(run.keytarRequests).toEqual([]);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  test(
    'report the missing read:jira-work scope of a fixture app that calls requestJira(route`/rest/api/3/issue/${id}`)',
    async () => {
      const report = await lintReport(LINT_JOB.missingScope);
      expect(report.linterFailures).toEqual([]);
      expect(report.parsedFiles).toEqual(['src/index.ts']);
      expect(report.findings).toEqual([
        expect.objectContaining({
          file: 'src/index.ts',
          level: 'error',
          message: 'Jira endpoint: GET /rest/api/3/issue/{issueIdOrKey} requires "read:jira-work" scope',
          metadata: { missingPermission: 'read:jira-work' },
        }),
      ]);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  test(
    'characterisation: @forge/lint 6.3.1 silently skips .ts files when tsconfig include names a bare directory ("src")',
    async () => {
      const report = await lintReport(LINT_JOB.directoryInclude);
      expect(report.skippedByTsconfig).toEqual(['src/index.ts']);
      expect(report.findings.filter((f) => f.metadata?.['missingPermission'])).toEqual([]);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  test(
    "tsconfig.json's include lets forge lint see every .ts file of the app",
    async () => {
      const report = await lintReport(LINT_JOB.appAsIs);
      if (report.skippedByTsconfig.length > 0) {
        const fix = copyForLint.tsconfigIncludeRewrite;
        throw new Error(
          `forge lint (and forge deploy's lint) would skip ${report.skippedByTsconfig.length} of ` +
            `${report.sourceFiles.length} source files, so it never checks their API calls against the scopes: ` +
            `@forge/lint keeps a .ts file only if glob(include) lists that very file, and "src" globs to the ` +
            `directory. Fix tsconfig.json: "include": ${JSON.stringify(fix?.to ?? ['src/**/*'])} ` +
            `(tsc reads both forms the same). Skipped: ${report.skippedByTsconfig.slice(0, 5).join(', ')}...`,
        );
      }
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});

describe('manifest.yml: trigger filters', () => {
  test('have no filter expression (none can be evaluated offline; ignoreSelf is checked by the validators)', () => {
    const manifest = parse(fs.readFileSync(path.join(projectRoot, 'manifest.yml'), 'utf8')) as {
      modules?: { trigger?: Array<{ key: string; filter?: Record<string, unknown> }> };
    };
    const triggers = manifest.modules?.trigger ?? [];
    expect(triggers.length).toBeGreaterThan(0);
    // The Forge docs describe `expression` only as "an expression used to filter out unwanted
    // events" (onError defaults to IGNORE_AND_LOG: a failing expression drops events silently).
    // No offline evaluator exists here; adding an expression needs one, and tests for it.
    const withExpression = triggers.filter((t) => t.filter?.['expression'] !== undefined).map((t) => t.key);
    expect(withExpression).toEqual([]);
  });
});

describe('manifest.yml: Forge lifecycle triggers', () => {
  const manifest = parse(fs.readFileSync(path.join(projectRoot, 'manifest.yml'), 'utf8')) as {
    modules: { trigger: Array<{ key: string; function: string; events: string[] }>; function: Array<{ key: string; handler: string }> };
  };
  const lifecycle = manifest.modules.trigger.filter((t) => t.events.some((e) => e.startsWith('avi:forge:')));

  test('one module per lifecycle event, each to the function that reads that event (the documented payloads carry no eventType)', () => {
    expect(lifecycle.map((t) => [t.key, t.events, t.function])).toEqual([
      ['app-installed-trigger', ['avi:forge:installed:app'], 'on-app-installed'],
      ['app-upgraded-trigger', ['avi:forge:upgraded:app'], 'on-app-upgraded'],
    ]);
    const handlers = new Map(manifest.modules.function.map((f) => [f.key, f.handler]));
    expect(lifecycle.map((t) => handlers.get(t.function))).toEqual(['index.onAppInstalled', 'index.onAppUpgraded']);
  });

  test('no other trigger listens to a lifecycle event, and none to an uninstall event Forge does not have', () => {
    const all = manifest.modules.trigger.flatMap((t) => t.events.filter((e) => e.startsWith('avi:forge:')).map((e) => `${t.key} ${e}`));
    expect(all).toEqual(['app-installed-trigger avi:forge:installed:app', 'app-upgraded-trigger avi:forge:upgraded:app']);
  });
});
