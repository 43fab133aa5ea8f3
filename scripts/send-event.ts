/**
 * `npm run send-event -- <type> --to <url> --secret <whsec_...>`, in the spirit of
 * `stripe trigger`: sends a correctly signed example of any event type the app emits, built
 * by the app's own payload builders (dev/webhook-examples.ts), signed and sent with the
 * same headers the app uses (src/adapters/webhook-sender.ts). Never prints the secret.
 *
 * Exit codes: 0 the receiver answered 2xx, 1 it answered otherwise or could not be reached,
 * 2 usage error.
 */
import { Webhook } from 'standardwebhooks';
import { buildWebhookExample, exampleEventTypes, isWebhookEventType } from '../dev/webhook-examples';
import { parseKeyResultId } from '../src/domain/key-result-id';
import { WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookEventType } from '../src/domain/webhook-events';

export const SEND_TIMEOUT_MS = 10_000;
const MAX_PRINTED_BODY = 2000;
/** Read when --secret is not given, so the secret need not sit in shell history. */
export const SECRET_ENV_VAR = 'OKR_SYNC_SIGNING_SECRET';

export const SEND_EVENT_USAGE = `Usage: npm run send-event -- <type> --to <url> --secret <whsec_...> [--kr <id>] [--sequence <n>]
       npm run send-event -- --list
Sends a signed example of <type>, built by the app's own payload builders.
  --to        the receiver's webhook URL (http or https)
  --secret    the Standard Webhooks signing secret (whsec_...); defaults to $${SECRET_ENV_VAR}
  --kr        key result id for key_result.progress_updated (default: a demo key result)
  --sequence  the progress update's sequence number, also the transition's changelog id
              (default: the current Unix time, so each run is newer than the last)
  --cloud-id  the Jira site the event claims to come from (default: an example cloud id)
  --list      print the event types and exit
Event types: ${WEBHOOK_EVENT_TYPES.join(', ')}`;

export interface SendEventIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

interface SendEventArgs {
  type: WebhookEventType;
  to: URL;
  secret: string;
  keyResultId: string | undefined;
  sequence: number | undefined;
  cloudId: string | undefined;
}

class UsageError extends Error {}

const VALUE_OPTIONS = ['--to', '--secret', '--kr', '--sequence', '--cloud-id'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];
const isValueOption = (name: string): name is ValueOption => (VALUE_OPTIONS as readonly string[]).includes(name);

function parseArgs(argv: readonly string[], env: SendEventIo['env']): SendEventArgs | 'list' | 'help' {
  const values: Partial<Record<ValueOption, string>> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--list') return 'list';
    if (arg === '--help' || arg === '-h') return 'help';
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    // Never echo the argument itself: it could be a mistyped secret.
    if (!isValueOption(name)) throw new UsageError(`unknown option ${name}`);
    const value = eq < 0 ? argv[(i += 1)] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    values[name] = value;
  }
  if (positionals.length === 0) throw new UsageError('which event type? Give one of: ' + WEBHOOK_EVENT_TYPES.join(', '));
  if (positionals.length > 1) throw new UsageError(`one event type at a time (got ${positionals.length} arguments without an option name)`);
  const type = positionals[0] ?? '';
  if (!isWebhookEventType(type)) throw new UsageError(`unknown event type ${JSON.stringify(type.slice(0, 60))}; known types: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  return {
    type,
    to: readUrl(values['--to']),
    secret: readSecret(values['--secret'] ?? env[SECRET_ENV_VAR]),
    keyResultId: readKeyResultId(values['--kr']),
    sequence: readSequence(values['--sequence']),
    cloudId: values['--cloud-id'],
  };
}

function readUrl(value: string | undefined): URL {
  if (value === undefined) throw new UsageError('--to <url> is required: the webhook URL to send to');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--to ${JSON.stringify(value.slice(0, 200))} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--to must be an http or https URL');
  return url;
}

function readSecret(value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--secret <whsec_...> is required (or set ${SECRET_ENV_VAR})`);
  if (!value.startsWith('whsec_')) throw new UsageError('the secret must be a Standard Webhooks secret starting with whsec_ (the signingSecret your connect endpoint returns)');
  const key = value.slice('whsec_'.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) throw new UsageError('the secret must be whsec_ followed by standard base64 (with = padding)');
  return value;
}

function readKeyResultId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseKeyResultId(value);
  if (!parsed.ok) throw new UsageError(`--kr: ${parsed.error}`);
  return parsed.value;
}

function readSequence(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const sequence = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(sequence) || sequence < 1) throw new UsageError(`--sequence must be a whole number of at least 1, not ${JSON.stringify(value.slice(0, 40))}`);
  return sequence;
}

function describeExample(event: WebhookEvent): string {
  switch (event.type) {
    case 'key_result.progress_updated':
      return `key result ${event.data.keyResultId}, sequence ${event.data.sequence}, progress ${event.data.progress ?? 'null'}%, site ${event.cloudId}`;
    case 'issue.status_changed':
      return `issue ${event.data.issue.key ?? event.data.issue.id} → ${event.data.to.name ?? event.data.to.statusId}, changelog ${event.data.changelogId}, site ${event.cloudId}`;
    default:
      return `site ${(event as WebhookEvent).cloudId}`;
  }
}

/** Runs the command; returns the exit code. */
export async function sendEventMain(argv: readonly string[], io: SendEventIo): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`send-event: ${error.message}`);
    io.err('Run npm run send-event -- --help for usage.');
    return 2;
  }
  if (args === 'help') {
    io.out(SEND_EVENT_USAGE);
    return 0;
  }
  if (args === 'list') {
    for (const type of exampleEventTypes()) io.out(type);
    return 0;
  }
  const now = new Date();
  const event = buildWebhookExample(args.type, {
    now,
    ...(args.keyResultId === undefined ? {} : { keyResultId: args.keyResultId }),
    ...(args.sequence === undefined ? {} : { sequence: args.sequence }),
    ...(args.cloudId === undefined ? {} : { cloudId: args.cloudId }),
  });
  const body = JSON.stringify(event);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'okr-sync-for-jira send-event',
    'webhook-id': event.id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(args.secret).sign(event.id, now, body),
  };
  io.out(`Sending ${event.type} (webhook-id ${event.id}) to ${args.to.href}`);
  io.out(`  ${describeExample(event)}`);
  let response: Response;
  try {
    response = await fetch(args.to, { method: 'POST', redirect: 'manual', headers, body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    io.err(`send-event: could not reach ${args.to.origin}: ${e.name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message)}`);
    return 1;
  }
  const text = await response.text();
  const shown = text.length > MAX_PRINTED_BODY ? `${text.slice(0, MAX_PRINTED_BODY)}… (${text.length} characters)` : text;
  io.out(`Response: ${response.status} ${response.statusText}${shown ? `\n${shown}` : ''}`);
  return response.ok ? 0 : 1;
}

if (require.main === module) {
  sendEventMain(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`send-event: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
