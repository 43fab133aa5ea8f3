/**
 * A stand-in for the app's web trigger on 127.0.0.1 (a port chosen at run time): it
 * verifies each request with the public standardwebhooks package against `secret` and
 * answers as its test tells it to.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedCall {
  path: string;
  headers: Record<string, string>;
  body: string;
  verified: unknown;
  verifyError: string | null;
}

export interface FakeAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export const jsonAnswer = (status: number, body: unknown): FakeAnswer => ({ status, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** Whether `call` verifies with `secret`: the way to show which key signed it. */
export function verifiesWith(secret: string, call: ReceivedCall): boolean {
  try {
    new Webhook(secret).verify(call.body, call.headers);
    return true;
  } catch {
    return false;
  }
}

export class FakeWebTrigger {
  readonly calls: ReceivedCall[] = [];
  answer: (call: ReceivedCall) => FakeAnswer = () => jsonAnswer(200, { ok: true });
  secret = '';
  url = '';
  private server: Server | undefined;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/x1/webtrigger-token-abc`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(' ') : (v ?? '')]));
    const call: ReceivedCall = { path: req.url ?? '', headers, body, verified: undefined, verifyError: null };
    try {
      call.verified = new Webhook(this.secret).verify(body, headers);
    } catch (error) {
      call.verifyError = (error as Error).message;
    }
    this.calls.push(call);
    const answer = this.answer(call);
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body);
  }
}
