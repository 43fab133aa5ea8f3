/** Plain-data factories for the issue panel's resolver contract, each with overridable defaults. */
import type { KeyResultSearchHit, PanelKeyResult, PanelView } from '../../src/resolvers/issue-panel-api';

export const panelKeyResult = (overrides: Partial<PanelKeyResult> = {}): PanelKeyResult => ({
  keyResultId: 'kr-onboarding',
  title: 'Cut onboarding time to 2 days',
  objective: 'Delight new customers',
  progress: 54.2,
  counts: { new: 4, indeterminate: 3, done: 5 },
  issueCount: 12,
  linkedVia: 'direct',
  computedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  ...overrides,
});

export const panelView = (overrides: Partial<PanelView> = {}): PanelView => ({
  state: 'active',
  canLink: true,
  readOnlyReason: null,
  keyResults: [panelKeyResult()],
  ...overrides,
});

export const searchHit = (overrides: Partial<KeyResultSearchHit> = {}): KeyResultSearchHit => ({
  id: 'kr-churn',
  title: 'Reduce churn to 3%',
  objective: 'Keep the customers we have',
  linked: false,
  ...overrides,
});
