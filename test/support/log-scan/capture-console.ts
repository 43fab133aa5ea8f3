/**
 * Runs before every test file (after dev/platform/jest-setup.ts): the app logs as it would
 * in production (OKR_SYNC_QUIET off), and everything written to the console goes to a file
 * of this worker instead of the terminal, for the scan at the end of the run
 * (scan-captured-logs.ts). A test that spies on the console still sees its calls.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

const dir = process.env['OKR_SYNC_LOG_CAPTURE_DIR'];
if (dir) {
  process.env['OKR_SYNC_QUIET'] = '0';
  const file = path.join(dir, `worker-${process.env['JEST_WORKER_ID'] ?? '0'}.log`);
  const suite = () => (expect.getState().testPath ?? 'unknown').replace(/^.*\/test\//, 'test/');
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[level] = (...args: unknown[]) => appendFileSync(file, `${JSON.stringify({ suite: suite(), level, line: format(...args) })}\n`);
  }
}
