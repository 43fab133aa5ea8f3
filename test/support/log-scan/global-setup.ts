import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One capture folder per run, named to the workers through the environment they inherit. */
export default function globalSetup(): void {
  process.env['OKR_SYNC_LOG_CAPTURE_DIR'] = mkdtempSync(path.join(os.tmpdir(), 'okr-sync-test-logs-'));
}
