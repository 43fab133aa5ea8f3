import { DEFAULT_SETTINGS, isSyncActive } from '../../src/domain/app-settings';
import { appSettings, okrConnection } from '../factories/domain';

describe('DEFAULT_SETTINGS', () => {
  it('starts paused, unconnected, with the default weights and no status rules', () => {
    expect(DEFAULT_SETTINGS).toEqual({ progressUpdatesEnabled: false, weights: { todo: 0, inProgress: 50, done: 100 }, statusRules: [], connection: null, access: { mode: 'all', selectedCount: 0 }, includeHiddenEmails: false, activityCountingSince: null, installationEpoch: null });
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
  });

  it('is not active', () => {
    expect(isSyncActive(DEFAULT_SETTINGS)).toBe(false);
  });
});

describe('isSyncActive', () => {
  it('is true when updates are on and a workspace is connected', () => {
    expect(isSyncActive(appSettings({ progressUpdatesEnabled: true, connection: okrConnection() }))).toBe(true);
  });

  it('is false when updates are off, even if connected', () => {
    expect(isSyncActive(appSettings({ progressUpdatesEnabled: false, connection: okrConnection() }))).toBe(false);
  });

  it('is false when no workspace is connected, even if updates are on', () => {
    expect(isSyncActive(appSettings({ progressUpdatesEnabled: true, connection: null }))).toBe(false);
  });

  it('is false when off and unconnected', () => {
    expect(isSyncActive(appSettings({ progressUpdatesEnabled: false, connection: null }))).toBe(false);
  });

  it('narrows the type so the connection can be used', () => {
    const settings = appSettings();
    if (!isSyncActive(settings)) throw new Error('expected active settings');
    expect(settings.connection.webhookUrl).toBe('https://okr.example.com/hooks/jira/ws_123');
  });
});
