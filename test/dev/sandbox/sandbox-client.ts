import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ADMIN_ID = '557058:demo-0001';
export const USER_ID = '557058:demo-0002';

const createdDirs: string[] = [];

/** A fresh data folder, removed when the test file is done (its sandboxes are stopped first: inner afterAll hooks run before this one). */
export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'okr-sandbox-'));
  createdDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of createdDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** One JSON request to the sandbox (or the backend); the body is parsed whatever the status. */
export async function call(baseUrl: string, method: string, pathname: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${baseUrl}${pathname}`, init);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Polls until `probe` returns something other than undefined, or fails with what it waited for. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface DeliveryRow {
  webhookId: string;
  type: string;
  keyResultId: string | null;
  app: { status: string; attempts: number; createdAt: string } | null;
  backend: { verdict: string; receipts: Array<{ verification: string }> };
  payload: unknown;
}

export async function deliveries(baseUrl: string): Promise<DeliveryRow[]> {
  return (await call(baseUrl, 'GET', '/api/deliveries')).body['deliveries'] as DeliveryRow[];
}

export async function backendProgress(backendUrl: string, keyResultId: string): Promise<{ progress: number | null; sequence: number | null } | undefined> {
  const { body } = await call(backendUrl, 'GET', '/api/progress');
  return (body['keyResults'] as Array<{ id: string; progress: number | null; sequence: number | null }>).find((k) => k.id === keyResultId);
}
