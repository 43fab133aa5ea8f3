/**
 * Shared setup for the reference backend's tests: a backend on a fresh temp data dir,
 * demo credentials as a Basic header, and signed webhook requests built by hand so each
 * test can break exactly one thing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { DEMO_WORKSPACE } from '../../../dev/demo/demo-directory';
import { type OkrBackendHandle, startOkrBackend } from '../../../dev/okr-backend/server';
import { EXAMPLE_CLOUD_ID } from '../../../dev/webhook-examples';

export const demoAuth = (email: string = DEMO_WORKSPACE.email, token: string = DEMO_WORKSPACE.apiToken): string =>
  `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;

export const newTempDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'okr-backend-test-'));

export interface TestBackend {
  backend: OkrBackendHandle;
  dataDir: string;
  /** Closes the backend and removes its data dir. */
  stop(): Promise<void>;
}

export async function startTestBackend(dataDir: string = newTempDir()): Promise<TestBackend> {
  const backend = await startOkrBackend({ dataDir, quiet: true });
  return {
    backend,
    dataDir,
    stop: async () => {
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null, headers: response.headers };
}

export async function getJson<T = unknown>(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as T };
}

export interface ConnectAnswer {
  workspaceName: string;
  webhookUrl: string;
  /** The app signs its webhooks with it. */
  signingSecret: string;
  /** The backend signs its calls to the app with it. */
  inboundSigningSecret: string;
}

/** A Standard Webhooks secret as the backend makes them: `whsec_` + base64 of 32 bytes. */
export const WHSEC_32_BYTES = /^whsec_[A-Za-z0-9+/]{43}=$/;

/** Connects with the demo credentials and returns the connect answer; by default as the site the webhook examples claim to come from. */
export async function connectDemo(baseUrl: string, extra: Record<string, unknown> = {}): Promise<ConnectAnswer> {
  const answer = await postJson(`${baseUrl}/api/v1/connections`, { cloudId: EXAMPLE_CLOUD_ID, ...extra }, { authorization: demoAuth() });
  if (answer.status !== 200) throw new Error(`connect answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as ConnectAnswer;
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** A Standard Webhooks request as the app sends it; `at` shifts the signing time. */
export function signedRequest(secret: string, event: { id: string }, options: { at?: Date } = {}): SignedRequest {
  const at = options.at ?? new Date();
  const body = JSON.stringify(event);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(event.id, at, body),
    },
  };
}

export interface ReceivedEventView {
  id: number;
  receivedAt: string;
  webhookId: string | null;
  type: string | null;
  verification: 'verified' | 'rejected' | 'duplicate' | 'stale';
  reason?: string;
  payload?: unknown;
}

export const listEvents = async (baseUrl: string): Promise<ReceivedEventView[]> =>
  (await getJson<{ events: ReceivedEventView[] }>(`${baseUrl}/api/events?limit=1000`)).body.events;

export interface ProgressView {
  id: string;
  progress: number | null;
  sequence: number | null;
  issueCount: number | null;
  counts: { new: number; indeterminate: number; done: number } | null;
  updatedAt: string | null;
}

export const progressOf = async (baseUrl: string, keyResultId: string): Promise<ProgressView | undefined> =>
  (await getJson<{ keyResults: ProgressView[] }>(`${baseUrl}/api/progress`)).body.keyResults.find((kr) => kr.id === keyResultId);
