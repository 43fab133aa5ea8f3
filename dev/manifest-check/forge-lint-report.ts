// Shapes shared by run-forge-lint.ts (parent) and lint-projects-offline.ts (child process).

export interface ForgeLintJob {
  /** A name for the report, e.g. "app" or "fixture: missing scope". */
  label: string;
  /** Absolute path of a directory holding manifest.yml (and src/). The lint runs with it as cwd. */
  projectDir: string;
}

export interface ForgeLintRequest {
  jobs: ForgeLintJob[];
  deprecatedRuntimes: string[];
  resultPath: string;
}

export interface ForgeLintFinding {
  file: string;
  level: 'error' | 'warning' | 'approval';
  line: number;
  column: number;
  message: string;
  reference: string;
  metadata: Record<string, unknown> | null;
}

export interface ForgeLintReport {
  label: string;
  projectDir: string;
  findings: ForgeLintFinding[];
  /** Linters that threw: @forge/lint only logs "Could not perform some linting actions ..." for them. */
  linterFailures: string[];
  /** What was handed to lint() (see collect-lint-source-files.ts). */
  sourceFiles: string[];
  parsedFiles: string[];
  /** Files the parser rejected; the CLI would abort the whole lint, this runner lints the rest. */
  unparseableFiles: { file: string; message: string }[];
  /** .ts/.tsx files lint() never parsed because of tsconfig include/exclude. */
  skippedByTsconfig: string[];
  /** The report as `forge lint` prints it (reportLintResults), colours off. */
  printed: string;
  /** Set when the job could not run at all (unreadable manifest, lint() threw). */
  fatal: string | null;
}

export interface ForgeLintRun {
  reports: ForgeLintReport[];
  /** require() calls for keytar seen in the child (must stay empty: it is never built here). */
  keytarRequests: string[];
  /** fetch() calls attempted in the child; all are refused. */
  networkAttempts: string[];
}
