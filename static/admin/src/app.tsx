/**
 * The admin page: loads the settings once, then shows the landing view or "Manage
 * Integration" (#manage). Any FORBIDDEN answer replaces the page with the admins-only message.
 */
import Button from '@atlaskit/button/new';
import { Box, Stack, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useCallback, useEffect, useState } from 'react';
import type { AdminSettingsView } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin, isProductionEnvironment, onForbidden } from './admin-client';
import { ErrorBanner } from './error-banner';
import { LandingView } from './landing-view';
import { Loading } from './loading';
import { ManagePage } from './manage-page';
import { useHashRoute } from './use-hash-route';

type PageState =
  | { kind: 'loading' }
  | { kind: 'forbidden' }
  | { kind: 'failed'; error: ResolverError }
  | { kind: 'ready'; settings: AdminSettingsView; allowLoopbackHttp: boolean };

const pageStyles = xcss({ maxWidth: '760px', paddingBlock: 'space.300', paddingInline: 'space.400' });

export function App() {
  const [state, setState] = useState<PageState>({ kind: 'loading' });
  const route = useHashRoute();

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    const [answer, production] = await Promise.all([callAdmin('admin.getSettings', {}), isProductionEnvironment()]);
    if (answer.ok) setState({ kind: 'ready', settings: answer.data, allowLoopbackHttp: !production });
    else if (answer.error.code !== 'FORBIDDEN') setState({ kind: 'failed', error: answer.error });
  }, []);

  useEffect(() => {
    const unsubscribe = onForbidden(() => setState({ kind: 'forbidden' }));
    void load();
    return unsubscribe;
  }, [load]);

  const onSettings = useCallback((settings: AdminSettingsView) => {
    setState((current) => (current.kind === 'ready' ? { ...current, settings } : current));
  }, []);

  return (
    <Box as="main" xcss={pageStyles}>
      <PageBody state={state} route={route} onSettings={onSettings} onRetry={() => void load()} />
    </Box>
  );
}

function PageBody({ state, route, onSettings, onRetry }: { state: PageState; route: 'landing' | 'manage'; onSettings: (settings: AdminSettingsView) => void; onRetry: () => void }) {
  switch (state.kind) {
    case 'loading':
      return <Loading label="Loading settings" testId="page-loading" />;
    case 'forbidden':
      return (
        <SectionMessage appearance="warning" title="No access" testId="page-forbidden">
          Only Jira administrators can use this page.
        </SectionMessage>
      );
    case 'failed':
      return (
        <Stack space="space.200">
          <ErrorBanner error={state.error} testId="page-error" />
          <div>
            <Button onClick={onRetry} testId="page-retry">
              Try again
            </Button>
          </div>
        </Stack>
      );
    case 'ready': {
      const { settings, allowLoopbackHttp } = state;
      // Without a connection there is nothing to manage yet: #manage falls back to the landing view.
      if (route === 'manage' && settings.connection) return <ManagePage settings={{ ...settings, connection: settings.connection }} allowLoopbackHttp={allowLoopbackHttp} onSettings={onSettings} />;
      return <LandingView settings={settings} allowLoopbackHttp={allowLoopbackHttp} onSettings={onSettings} />;
    }
  }
}
