import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PEOPLE, DEMO_WORKSPACE, addDemoPeople } from '../../dev/demo/demo-directory';
import { type OkrBackendHandle, startOkrBackend } from '../../dev/okr-backend/server';
import { type LocalPlatformOptions, LocalForgePlatform } from '../../dev/platform/local-platform';
import { JiraSite } from '../../dev/platform/jira/site-model';
import type { AdminResolverKey, AdminResolvers } from '../../src/resolvers/admin-api';
import type { ResolverResponse } from '../../src/resolvers/resolver-response';

export const ADMIN = DEMO_PEOPLE.find((p) => p.siteAdmin)!;
export const MEMBER = DEMO_PEOPLE.find((p) => p.displayName === 'Uma User')!;

/** A site with the demo people, `extraUsers` generated people, an app account and a deactivated user. */
export function createDirectorySite(extraUsers = 0): JiraSite {
  const site = JiraSite.create();
  site.addProject({ id: '10000', key: 'OKR', name: 'OKR Demo' });
  addDemoPeople(site);
  for (let i = 1; i <= extraUsers; i += 1) site.addUser({ accountId: `557058:extra-${String(i).padStart(5, '0')}`, displayName: `Extra Person ${String(i).padStart(5, '0')}` });
  site.addUser({ accountId: '557058:app-automation', displayName: 'Automation for Jira', accountType: 'app' });
  site.addUser({ accountId: '557058:gone-0001', displayName: 'Gone Person', active: false });
  return site;
}

export interface AdminPlatform {
  platform: LocalForgePlatform;
  backend: OkrBackendHandle;
  site: JiraSite;
  call<K extends AdminResolverKey>(key: K, payload: unknown, accountId?: string): Promise<ResolverResponse<AdminResolvers[K][1]>>;
  connect(): Promise<ResolverResponse<AdminResolvers['admin.connect'][1]>>;
  stop(): Promise<void>;
}

/** The local platform in a DEVELOPMENT environment with the reference OKR backend on loopback. */
export async function startAdminPlatform(options: { site?: JiraSite; platform?: Omit<LocalPlatformOptions, 'site'> } = {}): Promise<AdminPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-admin-'));
  const backend = await startOkrBackend({ dataDir, quiet: true });
  const site = options.site ?? createDirectorySite();
  const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'], environmentType: 'DEVELOPMENT', ...options.platform });
  const call = <K extends AdminResolverKey>(key: K, payload: unknown, accountId = ADMIN.accountId) =>
    platform.invokeResolver('okr-sync-admin', key, payload, accountId) as Promise<ResolverResponse<AdminResolvers[K][1]>>;
  return {
    platform,
    backend,
    site,
    call,
    connect: () => call('admin.connect', { email: DEMO_WORKSPACE.email, serverUrl: backend.url, apiToken: DEMO_WORKSPACE.apiToken }),
    stop: async () => {
      await platform.stop();
      await backend.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Everything in storage, secrets included, as one comparable string. */
export const storageState = (platform: LocalForgePlatform): string => JSON.stringify(platform.kvs.snapshot());
