// Child-process entry, started by run-forge-lint.ts: `node --require tsx/cjs lint-projects-offline.ts
// <request.json>`. Runs @forge/lint's client-side linters (getClientSideLintersOnly: permissions,
// manifest, handler, storage, ... — the same call `forge lint` makes, minus the server half that
// needs a login) on each job's directory, with that directory as cwd because lint() and its
// manifest linters resolve manifest.yml and tsconfig.json from process.cwd(). Writes a
// ForgeLintRun as JSON to request.resultPath. A separate process keeps chdir, the LOCAL_*_SWAGGER
// variables and the tripwires away from the test runner.
import fs from 'fs';
import path from 'path';
import type { LintInput, LintResult } from '@forge/lint';
import { installOfflineTripwires, keytarRequests, networkAttempts } from './offline-tripwires';
import { collectLintSourceFiles } from './collect-lint-source-files';
import type { ForgeLintFinding, ForgeLintJob, ForgeLintReport, ForgeLintRequest, ForgeLintRun } from './forge-lint-report';

type ForgeLint = typeof import('@forge/lint');
type StatsigService = Parameters<ForgeLint['lint']>[4];
type ParseFunction = NonNullable<Parameters<ForgeLint['lint']>[5]['parseFunction']>;

/**
 * The client-side linters call only getDeprecatedRuntimes() on the feature-flag service
 * (abstract-manifest-linter.js); the real one fetches it and answers [] when offline.
 */
const offlineStatsig = (deprecatedRuntimes: string[]): StatsigService =>
  ({ getDeprecatedRuntimes: async () => deprecatedRuntimes }) as unknown as StatsigService;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function toFindings(results: LintResult[]): ForgeLintFinding[] {
  const levels = ['errors', 'warnings', 'approvals'] as const;
  const levelName = { errors: 'error', warnings: 'warning', approvals: 'approval' } as const;
  return results.flatMap((result) =>
    levels.flatMap((level) =>
      result[level].map((rule) => ({
        file: result.file,
        level: levelName[level],
        line: rule.line,
        column: rule.column,
        message: rule.message,
        reference: rule.reference,
        metadata: rule.metadata ?? null,
      })),
    ),
  );
}

async function lintProject(forgeLint: ForgeLint, job: ForgeLintJob, deprecatedRuntimes: string[]): Promise<ForgeLintReport> {
  const { lint, parseSourceFile, reportLintResults } = forgeLint;
  const { ManifestParserBuilder } = await import('@forge/manifest');
  const report: ForgeLintReport = {
    label: job.label,
    projectDir: job.projectDir,
    findings: [],
    linterFailures: [],
    sourceFiles: [],
    parsedFiles: [],
    unparseableFiles: [],
    skippedByTsconfig: [],
    printed: '',
    fatal: null,
  };
  try {
    process.chdir(job.projectDir);
    const manifestPath = path.join(job.projectDir, 'manifest.yml');
    // As the CLI reads it: YAML plus environment-variable and string-resource interpolation.
    const manifest = new ManifestParserBuilder()
      .withInterpolators()
      .build()
      .parseManifest({ content: fs.readFileSync(manifestPath, 'utf8'), filePath: manifestPath });
    report.sourceFiles = collectLintSourceFiles(job.projectDir, manifestPath);

    const parseFunction: ParseFunction = async (filepath, parser): Promise<LintInput> => {
      try {
        const input = await parseSourceFile(filepath, parser);
        report.parsedFiles.push(filepath);
        return input;
      } catch (error) {
        report.unparseableFiles.push({ file: filepath, message: errorText(error) });
        return { ast: null, filepath };
      }
    };
    // During lint() the linters log only when one of them fails.
    const linterLog = { info: (message: string) => void report.linterFailures.push(message) };
    const results = await lint(report.sourceFiles, manifest, 'development', linterLog, offlineStatsig(deprecatedRuntimes), {
      linter: { mode: 'client-side' },
      parseFunction,
    });

    report.findings = toFindings(results);
    const printedLines: string[] = [];
    reportLintResults({ info: (line: string) => void printedLines.push(line) }, results);
    process.exitCode = 0; // reportLintResults sets 1 on findings; the parent reads the JSON instead.
    report.printed = printedLines.join('\n');

    const seen = new Set([...report.parsedFiles, ...report.unparseableFiles.map((f) => f.file)]);
    report.skippedByTsconfig = report.sourceFiles.filter((file) => /\.tsx?$/.test(file) && !seen.has(file));
  } catch (error) {
    report.fatal = errorText(error);
  }
  report.parsedFiles.sort();
  return report;
}

async function main(): Promise<void> {
  const requestPath = process.argv[2];
  if (!requestPath) throw new Error('usage: lint-projects-offline.ts <request.json>');
  const request = JSON.parse(fs.readFileSync(requestPath, 'utf8')) as ForgeLintRequest;
  installOfflineTripwires();
  const forgeLint = await import('@forge/lint'); // loaded only once the tripwires are in place
  const reports: ForgeLintReport[] = [];
  for (const job of request.jobs) reports.push(await lintProject(forgeLint, job, request.deprecatedRuntimes));
  const run: ForgeLintRun = { reports, keytarRequests, networkAttempts };
  fs.writeFileSync(request.resultPath, JSON.stringify(run, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(2);
});
