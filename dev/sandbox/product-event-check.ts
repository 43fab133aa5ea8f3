/**
 * Checks that a body posted to /api/product-events is a product event the app's manifest
 * subscribes to, carrying the fields Atlassian's events reference gives that event type
 * (Forge events reference, "Jira events"). Only what the reference makes mandatory is
 * required; optional fields, when present, must have the documented type.
 */
export type EventCheck = { ok: true; eventType: string } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Jira product events the reference documents, whether or not this app subscribes to them. */
const KNOWN_JIRA_EVENTS = /^avi:jira(-software|-servicedesk)?:[a-z_:]+$/;

type FieldCheck = (event: Record<string, unknown>) => string | undefined;

const objectWithId = (field: string, idField = 'id'): FieldCheck => (event) => {
  const value = event[field];
  if (!isObject(value)) return `${field} must be an object (the ${field} the event is about).`;
  if (!isNonEmptyString(value[idField])) return `${field}.${idField} must be a non-empty string.`;
  return undefined;
};

const issueCheck: FieldCheck = (event) => {
  const problem = objectWithId('issue')(event);
  if (problem) return problem;
  const issue = event['issue'] as Record<string, unknown>;
  if (!isNonEmptyString(issue['key'])) return 'issue.key must be a non-empty string.';
  if (issue['fields'] !== undefined && !isObject(issue['fields'])) return 'issue.fields must be an object when present.';
  return undefined;
};

const changelogCheck: FieldCheck = (event) => {
  const changelog = event['changelog'];
  if (changelog === undefined) return undefined;
  if (!isObject(changelog)) return 'changelog must be an object when present.';
  if (changelog['items'] !== undefined && !Array.isArray(changelog['items'])) return 'changelog.items must be an array when present.';
  return undefined;
};

const worklogCheck: FieldCheck = (event) => objectWithId('worklog')(event) ?? (isNonEmptyString((event['worklog'] as Record<string, unknown>)['issueId']) ? undefined : 'worklog.issueId must be a non-empty string.');

const REQUIRED: Record<string, FieldCheck[]> = {
  'avi:jira:created:issue': [issueCheck],
  'avi:jira:updated:issue': [issueCheck, changelogCheck],
  'avi:jira:deleted:issue': [issueCheck],
  'avi:jira:commented:issue': [issueCheck, objectWithId('comment')],
  'avi:jira:deleted:comment': [issueCheck, objectWithId('comment')],
  'avi:jira:created:worklog': [worklogCheck],
  'avi:jira:updated:worklog': [worklogCheck],
  'avi:jira:deleted:worklog': [worklogCheck],
};

const commonChecks: FieldCheck[] = [
  (event) => (event['atlassianId'] === undefined || isNonEmptyString(event['atlassianId']) ? undefined : 'atlassianId must be a non-empty string when present.'),
  (event) => {
    const users = event['associatedUsers'];
    if (users === undefined) return undefined;
    return Array.isArray(users) && users.every((u) => isObject(u) && isNonEmptyString(u['accountId'])) ? undefined : 'associatedUsers must be a list of { accountId } when present.';
  },
];

export function checkProductEvent(body: unknown, subscribedEventTypes: readonly string[]): EventCheck {
  if (!isObject(body)) return { ok: false, error: 'The body must be a JSON object: the event exactly as Forge passes it to a trigger, with its own eventType.' };
  const eventType = body['eventType'];
  if (!isNonEmptyString(eventType)) return { ok: false, error: 'eventType is missing: the body must carry its own eventType, e.g. "avi:jira:updated:issue".' };
  if (!subscribedEventTypes.includes(eventType)) {
    const known = KNOWN_JIRA_EVENTS.test(eventType) ? 'The app does not subscribe to' : 'Unknown product event type';
    return { ok: false, error: `${known} ${JSON.stringify(eventType)}. The app's triggers take: ${subscribedEventTypes.join(', ')}.` };
  }
  for (const check of [...(REQUIRED[eventType] ?? []), ...commonChecks]) {
    const problem = check(body);
    if (problem) return { ok: false, error: `Not a valid ${eventType} event: ${problem}` };
  }
  return { ok: true, eventType };
}
