/** Arguments of `npm run okr-backend -- [--port N] [--host H] [--data-dir D]`. */

export const DEFAULT_PORT = 4100;
export const DEFAULT_DATA_DIR = '.data/okr-backend';

export const OKR_BACKEND_USAGE = `Usage: npm run okr-backend -- [--port N] [--host H] [--data-dir D]
  --port      port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host      interface to listen on (default 127.0.0.1)
  --data-dir  where the SQLite database lives (default ${DEFAULT_DATA_DIR})`;

export interface OkrBackendArgs {
  port: number;
  host: string;
  dataDir: string;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

const OPTIONS = new Set(['--port', '--host', '--data-dir']);

/** Accepts `--name value` and `--name=value`; anything else is a UsageError with a clear message. */
export function parseOkrBackendArgs(argv: readonly string[]): OkrBackendArgs {
  const args: OkrBackendArgs = { port: DEFAULT_PORT, host: '127.0.0.1', dataDir: DEFAULT_DATA_DIR, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      args.help = true;
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!OPTIONS.has(name)) throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    const value = inline ?? argv[(i += 1)];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    if (name === '--port') {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(value)}`);
      args.port = port;
    } else if (name === '--host') args.host = value;
    else args.dataDir = value;
  }
  return args;
}
