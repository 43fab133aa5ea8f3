import { type LocalPlatformOptions, LocalForgePlatform } from '../../dev/platform/local-platform';
import { WebhookReceiver, newSigningSecret } from '../../dev/receiver/webhook-receiver';
import type { ProgressWeights } from '../../src/domain/progress-weights';
import { connectApp } from './connect-app';
import { createTestSite } from './test-site';

/**
 * The setup most flows share: a test site, the local platform (allowed to reach
 * loopback), a verifying receiver, and the app connected to it with updates on.
 */
export async function startConnectedPlatform(options: { issueCount: number; platform?: Omit<LocalPlatformOptions, 'site'>; weights?: ProgressWeights }) {
  const { site, issues } = createTestSite(options.issueCount);
  const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'], ...options.platform });
  const secret = newSigningSecret();
  const receiver = new WebhookReceiver(secret);
  await receiver.start();
  // What the backend signs its calls to the web trigger with: a secret of its own.
  const inboundSecret = newSigningSecret();
  await connectApp({ webhookUrl: receiver.url, signingSecret: secret, inboundSigningSecret: inboundSecret, ...(options.weights ? { weights: options.weights } : {}) });
  const setEnabled = (enabled: boolean) =>
    connectApp({ webhookUrl: receiver.url, signingSecret: secret, inboundSigningSecret: inboundSecret, enabled, ...(options.weights ? { weights: options.weights } : {}) });
  const stop = async () => {
    await receiver.stop();
    await platform.stop();
  };
  return { site, issues, platform, receiver, secret, inboundSecret, setEnabled, stop };
}

/** Who links in tests that seed links directly: the app itself, never a user. */
export const SEED_ACTOR = { kind: 'system', reason: 'test seed' } as const;

/**
 * A connected platform per test (`beforeEach`/`afterEach`); the returned function gives
 * the current one.
 */
export function useConnectedPlatform(issueCount: number): () => Awaited<ReturnType<typeof startConnectedPlatform>> {
  let env: Awaited<ReturnType<typeof startConnectedPlatform>> | undefined;
  beforeEach(async () => {
    env = await startConnectedPlatform({ issueCount });
  });
  afterEach(() => env?.stop());
  return () => {
    if (!env) throw new Error('useConnectedPlatform: no platform outside a test');
    return env;
  };
}
