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
  await connectApp({ webhookUrl: receiver.url, signingSecret: secret, ...(options.weights ? { weights: options.weights } : {}) });
  const setEnabled = (enabled: boolean) => connectApp({ webhookUrl: receiver.url, signingSecret: secret, enabled, ...(options.weights ? { weights: options.weights } : {}) });
  const stop = async () => {
    await receiver.stop();
    await platform.stop();
  };
  return { site, issues, platform, receiver, secret, setEnabled, stop };
}
