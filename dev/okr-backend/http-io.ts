/** Small node:http helpers: bounded body reading, JSON answers, one error shape. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Webhook bodies are a few KB; anything this large is refused before it is buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** An answer with `{ "error": { "code", "message" } }`; thrown by handlers for bad input. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const tooLarge = () => new HttpError(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = (await readRawBody(req)).toString('utf8');
  if (raw.trim() === '') throw new HttpError(400, 'invalid_json', 'The body is empty; send a JSON object.');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

/** An integer query parameter within bounds; absent or blank gives the default. */
export function readIntegerParam(url: URL, name: string, bounds: { min: number; max: number; fallback: number }): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw.trim() === '') return bounds.fallback;
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || value < bounds.min || value > bounds.max) {
    throw new HttpError(400, 'invalid_request', `${name} must be a whole number from ${bounds.min} to ${bounds.max}, not ${JSON.stringify(raw.slice(0, 40))}.`);
  }
  return value;
}
