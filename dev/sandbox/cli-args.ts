export interface SandboxArgs {
  port: number;
  dataDir: string;
  fresh: boolean;
  connected: boolean;
  verbose: boolean;
  help: boolean;
}

export const DEFAULT_PORT = 4700;
export const DEFAULT_DATA_DIR = '.data/sandbox';

export const USAGE = `Usage: npm start -- [options]

  --port N         port of the sandbox page on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir D     where the sandbox keeps its state (default ${DEFAULT_DATA_DIR})
  --fresh          forget the saved state and seed the demo site again
  --unconnected    start without connecting the app, to connect it yourself on the admin page
  --verbose        print the app's own log lines too
  --help           this text`;

/** Parses the command line; a mistake gives a message that says what to type instead. */
export function parseSandboxArgs(argv: readonly string[]): { ok: true; args: SandboxArgs } | { ok: false; error: string } {
  const args: SandboxArgs = { port: DEFAULT_PORT, dataDir: DEFAULT_DATA_DIR, fresh: false, connected: true, verbose: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const raw = argv[i]!;
    const [flag, inline] = raw.startsWith('--') && raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port': {
        const text = value();
        if (text === undefined || !/^\d+$/.test(text) || Number(text) > 65535) return { ok: false, error: `--port needs a number from 0 to 65535, got ${JSON.stringify(text ?? '')}.` };
        args.port = Number(text);
        break;
      }
      case '--data-dir': {
        const text = value();
        if (!text || text.startsWith('--')) return { ok: false, error: '--data-dir needs a folder, for example --data-dir .data/sandbox' };
        args.dataDir = text;
        break;
      }
      case '--fresh':
        args.fresh = true;
        break;
      case '--unconnected':
        args.connected = false;
        break;
      case '--verbose':
        args.verbose = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        return { ok: false, error: `Unknown option ${JSON.stringify(raw)}.` };
    }
  }
  return { ok: true, args };
}
