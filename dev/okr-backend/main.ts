/**
 * `npm run okr-backend -- [--port N] [--host H] [--data-dir D]`: runs the reference OKR
 * backend until Ctrl+C and prints how to connect the app to it. The credentials printed
 * are the seeded demo workspace's: showing them is the point.
 */
import path from 'node:path';
import { DEMO_WORKSPACE } from '../demo/demo-directory';
import { OKR_BACKEND_USAGE, UsageError, parseOkrBackendArgs } from './cli-args';
import { startOkrBackend } from './server';

/** One line a person can act on, for the errors a person can cause. */
function describeStartError(error: unknown, port: number, host: string): string {
  const { code, syscall } = error as { code?: string; syscall?: string };
  const message = error instanceof Error ? error.message : String(error);
  if (syscall === 'listen' || syscall === 'getaddrinfo') {
    if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use: stop whatever uses it, or pick another with --port`;
    if (code === 'EACCES') return `not allowed to listen on port ${port}: pick a port above 1023 with --port`;
    return `cannot listen on ${host}:${port} (${code ?? message}): check --host`;
  }
  if (syscall === 'mkdir' || code?.startsWith('SQLITE_')) return `cannot open the database in the data dir (${code ?? 'error'}): ${message}`;
  return message;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseOkrBackendArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`okr-backend: ${error.message}\n${OKR_BACKEND_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(OKR_BACKEND_USAGE);
    return 0;
  }
  let backend;
  try {
    backend = await startOkrBackend({ dataDir: args.dataDir, host: args.host, port: args.port });
  } catch (error) {
    console.error(`okr-backend: ${describeStartError(error, args.port, args.host)}`);
    return 1;
  }
  console.log(
    [
      `Reference OKR backend on ${backend.url}  (data in ${path.resolve(args.dataDir)})`,
      `  Dashboard:         ${backend.url}/`,
      `  Server (Connect):  ${backend.url}`,
      `  Email:             ${DEMO_WORKSPACE.email}`,
      `  API token:         ${DEMO_WORKSPACE.apiToken}   (demo workspace "${DEMO_WORKSPACE.name}")`,
      `  Webhooks arrive at ${backend.url}/webhooks/jira`,
      'Try it without Jira (see docs/okr-backend.md):',
      `  curl -s -u '${DEMO_WORKSPACE.email}:${DEMO_WORKSPACE.apiToken}' -H 'content-type: application/json' -d '{"cloudId":"local-test"}' ${backend.url}/api/v1/connections`,
      `  npm run send-event -- key_result.progress_updated --to ${backend.url}/webhooks/jira --secret <signingSecret from that answer>`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await backend.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`okr-backend: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
