import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  parsed: unknown;
  verified: boolean;
  verifyError: string | null;
  answeredWith: number;
}

/**
 * One programmed answer. `body`: what to answer with. `hangMillis`: wait that long before
 * answering (a backend that hangs). `loseResponse`: process the webhook (it counts as an
 * effect) and then cut the connection, as if the answer was lost on the way back.
 */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  hangMillis?: number;
  loseResponse?: boolean;
}
export type Responder = (request: { id: string; attempt: number; parsed: unknown }) => Answer;

/**
 * A small webhook receiver on 127.0.0.1 for tests and benchmarks: verifies every request
 * with the public `standardwebhooks` package and records it. The answer per request is
 * programmable (fail twice, then accept, …).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /**
   * What the receiver acted on, once per webhook-id as a correct backend does (it
   * de-duplicates on the id): verified requests it answered 2xx or processed before losing
   * the answer, in the order it processed them.
   */
  readonly effects: Array<{ id: string; parsed: unknown }> = [];
  private processed = new Set<string>();
  private server: Server | undefined;
  private attempts = new Map<string, number>();
  url = '';
  responder: Responder = () => ({ status: 204 });

  constructor(private readonly secret: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  verifiedOfType(type: string): Array<ReceivedWebhook & { parsed: { type: string; data: Record<string, unknown> } }> {
    return this.received.filter((r) => r.verified && (r.parsed as { type?: string }).type === type) as never;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
    let verified = false;
    let verifyError: string | null = null;
    let parsed: unknown = null;
    try {
      parsed = new Webhook(this.secret).verify(body, headers);
      verified = true;
    } catch (error) {
      verifyError = (error as Error).message;
    }
    const id = headers['webhook-id'] ?? '';
    const attempt = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempt);
    const answer: Answer = verified ? this.responder({ id, attempt, parsed }) : { status: 401 };
    this.received.push({ id, timestamp: headers['webhook-timestamp'] ?? '', signature: headers['webhook-signature'] ?? '', body, parsed, verified, verifyError, answeredWith: answer.loseResponse ? 0 : answer.status });
    if (verified && (answer.loseResponse || (answer.status >= 200 && answer.status < 300)) && !this.processed.has(id)) {
      this.processed.add(id);
      this.effects.push({ id, parsed });
    }
    if (answer.hangMillis) await new Promise((resolve) => setTimeout(resolve, answer.hangMillis).unref());
    if (answer.loseResponse) {
      res.socket?.destroy();
      return;
    }
    if (res.destroyed) return;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }
}

/** A fresh Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  return `whsec_${randomBytes(32).toString('base64')}`;
}
