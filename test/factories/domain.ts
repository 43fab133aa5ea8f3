/** Plain-data factories for the domain types, each with overridable defaults. */
import type { AppSettings, OkrConnection } from '../../src/domain/app-settings';
import type { StatusChange } from '../../src/domain/classify-issue-event';
import type { KeyResultAggregate, LinkedIssueState, StatusObservation } from '../../src/domain/key-result-state';
import type { ProgressRules } from '../../src/domain/compute-progress';
import type { ProgressWeights } from '../../src/domain/progress-weights';
import type { StatusRule } from '../../src/domain/status-rules';
import type { CategoryCounts } from '../../src/domain/status-category';

export const CLOUD_ID = 'ad5b6e3d-8a2f-4c2b-9f7e-2b1f0c4e5d6a';
export const KEY_RESULT_ID = 'kr_2024-Q1.onboarding';

export const weights = (overrides: Partial<ProgressWeights> = {}): ProgressWeights => ({ todo: 0, inProgress: 50, done: 100, ...overrides });
/** Weights with no status treated apart: what progress depended on before status rules. */
export const rulesOf = (w: ProgressWeights, statusRules: StatusRule[] = []): ProgressRules => ({ weights: w, statusRules });

export const counts = (overrides: Partial<CategoryCounts> = {}): CategoryCounts => ({ new: 0, indeterminate: 0, done: 0, ...overrides });

export const aggregate = (overrides: Partial<KeyResultAggregate> = {}): KeyResultAggregate => ({
  keyResultId: KEY_RESULT_ID,
  counts: counts(),
  sequence: 0,
  ...overrides,
});

export const linkedIssue = (overrides: Partial<LinkedIssueState> = {}): LinkedIssueState => ({
  keyResultId: KEY_RESULT_ID,
  issueId: '10073',
  statusId: '10000',
  categoryKey: 'new',
  version: '0',
  ...overrides,
});

export const observation = (overrides: Partial<StatusObservation> = {}): StatusObservation => ({
  issueId: '10073',
  statusId: '3',
  categoryKey: 'indeterminate',
  changelogId: '10094',
  ...overrides,
});

export const statusChange = (overrides: Partial<StatusChange> = {}): StatusChange => ({
  issueId: '10073',
  issueKey: 'SP-10',
  projectId: '10000',
  summary: 'Retry failed payments',
  issueTypeName: 'Task',
  projectKey: 'SP',
  projectName: 'Space Program',
  siteUrl: 'https://acme.atlassian.net',
  changelogId: '10094',
  fromStatusId: '10000',
  fromStatusName: 'To Do',
  toStatusId: '3',
  toStatusName: 'In Progress',
  toCategoryKey: 'indeterminate',
  actorAccountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
  changedAt: '2024-03-04T10:20:30.123+0000',
  ...overrides,
});

export const okrConnection = (overrides: Partial<OkrConnection> = {}): OkrConnection => ({
  email: 'admin@example.com',
  serverUrl: 'https://okr.example.com',
  workspaceName: 'Example Inc.',
  webhookUrl: 'https://okr.example.com/hooks/jira/ws_123',
  connectedAt: '2024-03-01T08:00:00.000Z',
  ...overrides,
});

export const appSettings = (overrides: Partial<AppSettings> = {}): AppSettings => ({
  progressUpdatesEnabled: true,
  weights: weights(),
  statusRules: [],
  includeHiddenEmails: false,
  activityCountingSince: null,
  installationEpoch: 1_709_280_000_000,
  connection: okrConnection(),
  access: { mode: 'all', selectedCount: 0 },
  ...overrides,
});
