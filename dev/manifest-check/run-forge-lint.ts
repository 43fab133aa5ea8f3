// Runs @forge/lint's client-side linters offline on one or more project directories, in a child
// process (lint-projects-offline.ts through tsx), and returns the parsed reports. The child gets:
// - USE_LOCAL_SWAGGER + LOCAL_*_SWAGGER (offline-swagger-env.ts) so the permission check reads the
//   Jira OpenAPI document from ../shared/contracts instead of the network;
// - XDG_CONFIG_HOME in a scratch directory, because the permission linter opens a `conf` cache
//   (CachedConf.getCache) that would otherwise create a directory under ~/.config;
// - FORCE_COLOR=0 so the printed report has no ANSI colours.
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { ForgeLintFinding, ForgeLintJob, ForgeLintRequest, ForgeLintRun } from './forge-lint-report';
import { writeOfflineSwaggerEnv } from './offline-swagger-env';

export type { ForgeLintFinding, ForgeLintJob, ForgeLintReport, ForgeLintRun } from './forge-lint-report';

export interface RunForgeLintOptions {
  /** The app's root: node_modules and ../shared/contracts are found from here. */
  projectRoot: string;
  jobs: ForgeLintJob[];
  /** See validate-manifest.ts: the CLI's offline fallback is []. */
  deprecatedRuntimes?: string[];
  timeoutMs?: number;
}

const CHILD_SCRIPT = path.join(__dirname, 'lint-projects-offline.ts');

export async function runForgeLint(options: RunForgeLintOptions): Promise<ForgeLintRun> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-lint-'));
  try {
    const request: ForgeLintRequest = {
      jobs: options.jobs,
      deprecatedRuntimes: options.deprecatedRuntimes ?? [],
      resultPath: path.join(scratch, 'result.json'),
    };
    const requestPath = path.join(scratch, 'request.json');
    fs.writeFileSync(requestPath, JSON.stringify(request));

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...writeOfflineSwaggerEnv(options.projectRoot, scratch),
      XDG_CONFIG_HOME: path.join(scratch, 'config'),
      FORCE_COLOR: '0',
    };
    const args = ['--require', require.resolve('tsx/cjs'), CHILD_SCRIPT, requestPath];
    await runChild(args, options.projectRoot, env, options.timeoutMs ?? 50_000);
    return JSON.parse(fs.readFileSync(request.resultPath, 'utf8')) as ForgeLintRun;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function runChild(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`forge lint child process timed out after ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`forge lint child process failed (code ${code}, signal ${signal})\n${output}`));
    });
  });
}

/** One line per finding: `file line:column level message reference`. */
export function formatLintFindings(findings: readonly ForgeLintFinding[]): string {
  return findings.map((f) => `${f.file} ${f.line}:${f.column} ${f.level} ${f.message}  ${f.reference}`).join('\n');
}
