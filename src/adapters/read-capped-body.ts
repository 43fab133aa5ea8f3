/** What the readers need of a fetch response (the Forge runtime's and a standard one alike). */
interface BodyResponse {
  headers: { get(name: string): string | null };
  body?: unknown;
  text(): Promise<string>;
}

type WebStream = { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } };
const isWebStream = (body: unknown): body is WebStream => typeof (body as WebStream | null)?.getReader === 'function';
const isNodeStream = (body: unknown): body is AsyncIterable<Uint8Array> & { destroy?: () => void } => typeof (body as AsyncIterable<Uint8Array> | null)?.[Symbol.asyncIterator] === 'function';

/**
 * Reads at most `maxBytes` of a response body, so a server answering megabytes (by mistake
 * or on purpose) cannot fill the invocation's memory: past the cap the rest is cancelled,
 * unread. A Content-Length over the cap is refused before reading anything. The body is a
 * web stream with a standard fetch and a Node stream with node-fetch; either is read in
 * chunks (a body of neither kind is read whole, then checked).
 */
export async function readCappedText(response: BodyResponse, maxBytes: number): Promise<{ ok: true; text: string } | { ok: false; reason: 'too-large' }> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const tooLarge = { ok: false, reason: 'too-large' } as const;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const keep = (chunk: Uint8Array): boolean => {
    size += chunk.byteLength;
    chunks.push(chunk);
    return size <= maxBytes;
  };
  const { body } = response;
  if (Number.isFinite(declared) && declared > maxBytes) {
    if (isWebStream(body)) await body.getReader().cancel().catch(() => undefined);
    else if (isNodeStream(body)) body.destroy?.();
    return tooLarge;
  }
  if (isWebStream(body)) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value && !keep(value)) {
        await reader.cancel().catch(() => undefined);
        return tooLarge;
      }
    }
  } else if (isNodeStream(body)) {
    for await (const chunk of body) {
      if (!keep(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
        body.destroy?.();
        return tooLarge;
      }
    }
  } else {
    const text = await response.text();
    return Buffer.byteLength(text) > maxBytes ? tooLarge : { ok: true, text };
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}
