import { Readable } from 'node:stream';
import { readCappedText } from '../../src/adapters/read-capped-body';

const headers = (entries: Record<string, string> = {}) => ({ get: (name: string) => entries[name.toLowerCase()] ?? null });

describe('readCappedText', () => {
  it('reads a web stream body up to the cap, and refuses one past it without reading the rest', async () => {
    expect(await readCappedText(new Response('{"ok":true}'), 100)).toEqual({ ok: true, text: '{"ok":true}' });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    expect(await readCappedText({ headers: headers(), body: endless, text: async () => '' }, 10 * 1024)).toEqual({ ok: false, reason: 'too-large' });
    expect(pulled).toBeLessThan(20);
  });

  it('reads a Node stream body the same way (node-fetch)', async () => {
    expect(await readCappedText({ headers: headers(), body: Readable.from([Buffer.from('hé'), Buffer.from('llo')]), text: async () => '' }, 100)).toEqual({ ok: true, text: 'héllo' });
    expect(await readCappedText({ headers: headers(), body: Readable.from(Array.from({ length: 50 }, () => Buffer.alloc(1024))), text: async () => '' }, 4096)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    let read = false;
    // highWaterMark 0: nothing is pulled until someone reads.
    const body = new ReadableStream<Uint8Array>({ pull: () => void (read = true) }, { highWaterMark: 0 });
    expect(await readCappedText({ headers: headers({ 'content-length': '5000000' }), body, text: async () => '' }, 1024)).toEqual({ ok: false, reason: 'too-large' });
    expect(read).toBe(false);
  });
});
