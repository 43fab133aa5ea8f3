/**
 * `npm start`: the sandbox. Prints one URL (the sandbox page) and the demo credentials,
 * then runs until Ctrl+C. Problems a person can fix (port busy, already running, bad
 * option) are one clear line and exit code 1, never a stack trace.
 */
import { installFetchGate } from '../platform/forge-globals';

// Before anything loads @forge/api, which captures the global fetch at import.
installFetchGate();

import { DEMO_WORKSPACE } from '../demo/demo-directory';
import { USAGE, parseSandboxArgs } from './cli-args';
import { SandboxStartError, startSandbox } from './sandbox';

async function main(): Promise<number> {
  const parsed = parseSandboxArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 1;
  }
  const { args } = parsed;
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!args.verbose) process.env['OKR_SYNC_QUIET'] = '1';

  let sandbox;
  try {
    sandbox = await startSandbox({ port: args.port, dataDir: args.dataDir, fresh: args.fresh, connected: args.connected, quiet: true });
  } catch (error) {
    if (error instanceof SandboxStartError) {
      console.error(error.message);
      return 1;
    }
    console.error(`The sandbox could not start: ${(error as Error).message}`);
    return 1;
  }

  // One write, so whoever reads the URL also has the credentials line.
  console.log(`OKR Sync sandbox: ${sandbox.url}/\nDemo OKR workspace: email ${DEMO_WORKSPACE.email}, API token ${DEMO_WORKSPACE.apiToken}, server ${sandbox.backendUrl} (Ctrl+C stops)`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The sandbox stopped: ${(error as Error).message}`);
    process.exit(1);
  },
);
