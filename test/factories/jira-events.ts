/**
 * Realistic Jira payloads, as Forge delivers them to an `avi:jira:updated:issue` trigger.
 * Every builder takes overrides that replace the defaults key by key (shallowly); pass a
 * key with `undefined` to keep the key but drop its value, or use `omit` to remove it.
 */
type Json = Record<string, unknown>;

export const STATUS_CATEGORIES = {
  new: { self: 'https://example.atlassian.net/rest/api/3/statuscategory/2', id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { self: 'https://example.atlassian.net/rest/api/3/statuscategory/4', id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { self: 'https://example.atlassian.net/rest/api/3/statuscategory/3', id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

/** A copy of `object` without `keys`. */
export function omit<T extends Json>(object: T, ...keys: string[]): Json {
  const copy: Json = { ...object };
  for (const key of keys) delete copy[key];
  return copy;
}

/** `issue.fields.status`: by default the "In Progress" status (id "3"). */
export const jiraStatus = (overrides: Json = {}): Json => ({
  self: 'https://example.atlassian.net/rest/api/3/status/3',
  description: 'This issue is being actively worked on at the moment by the assignee.',
  iconUrl: 'https://example.atlassian.net/images/icons/statuses/inprogress.png',
  name: 'In Progress',
  id: '3',
  statusCategory: { ...STATUS_CATEGORIES.indeterminate },
  ...overrides,
});

/** One changelog item for a status change, by default To Do ("10000") → In Progress ("3"). */
export const statusChangelogItem = (overrides: Json = {}): Json => ({
  field: 'status',
  fieldtype: 'jira',
  fieldId: 'status',
  from: '10000',
  fromString: 'To Do',
  to: '3',
  toString: 'In Progress',
  ...overrides,
});

export const assigneeChangelogItem = (overrides: Json = {}): Json => ({
  field: 'assignee',
  fieldtype: 'jira',
  fieldId: 'assignee',
  from: null,
  fromString: null,
  to: '5b10ac8d82e05b22cc7d4ef5',
  toString: 'Mia Krystof',
  ...overrides,
});

/** Jira's item for a parent change carries no `fieldId`. */
export const parentChangelogItem = (overrides: Json = {}): Json => ({
  field: 'IssueParentAssociation',
  fieldtype: 'jira',
  from: null,
  fromString: null,
  to: '10001',
  toString: 'SP-1',
  ...overrides,
});

export const issueFields = (overrides: Json = {}): Json => ({
  summary: 'Ship the onboarding checklist',
  issuetype: { id: '10001', name: 'Story', subtask: false },
  project: { id: '10000', key: 'SP', name: 'Scrum Project', projectTypeKey: 'software', simplified: true },
  created: '2024-03-01T09:15:55.154+0000',
  updated: '2024-03-04T10:20:30.123+0000',
  assignee: null,
  status: jiraStatus(),
  ...overrides,
});

export const jiraIssue = (overrides: Json = {}): Json => ({
  id: '10073',
  key: 'SP-10',
  self: 'https://example.atlassian.net/rest/api/3/issue/10073',
  fields: issueFields(),
  ...overrides,
});

export const changelog = (overrides: Json = {}): Json => ({
  id: '10094',
  items: [statusChangelogItem()],
  ...overrides,
});

/** A full `avi:jira:updated:issue` event: a status change To Do → In Progress on SP-10. */
export const issueUpdatedEvent = (overrides: Json = {}): Json => ({
  eventType: 'avi:jira:updated:issue',
  atlassianId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
  issue: jiraIssue(),
  changelog: changelog(),
  associatedUsers: [{ accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077' }],
  context: { cloudId: 'ad5b6e3d-8a2f-4c2b-9f7e-2b1f0c4e5d6a', moduleKey: 'issue-updated-trigger' },
  ...overrides,
});
