import { type StatusChange, classifyIssueUpdate, compareChangelogIds, siteUrlOf } from '../../src/domain/classify-issue-event';
import {
  STATUS_CATEGORIES,
  assigneeChangelogItem,
  changelog,
  issueFields,
  issueUpdatedEvent,
  jiraIssue,
  jiraStatus,
  omit,
  parentChangelogItem,
  statusChangelogItem,
} from '../factories/jira-events';
import { mulberry32, randomInt, shuffled } from '../factories/random';

/** The change of a status-changed classification; fails the test for any other kind. */
function changeOf(event: unknown): StatusChange {
  const classification = classifyIssueUpdate(event);
  if (classification.kind !== 'status-changed') throw new Error(`expected a status change, got ${JSON.stringify(classification)}`);
  return classification.change;
}

/** An event whose issue carries the given `fields.status` and whose changelog has the given items. */
const eventWith = (input: { status?: unknown; items?: unknown[]; changelogId?: unknown }): Record<string, unknown> =>
  issueUpdatedEvent({
    issue: jiraIssue({ fields: issueFields('status' in input ? { status: input.status } : {}) }),
    changelog: changelog({
      ...(input.items ? { items: input.items } : {}),
      ...('changelogId' in input ? { id: input.changelogId } : {}),
    }),
  });

describe('classifyIssueUpdate: status changes', () => {
  it('reads every field of a realistic To Do → In Progress event', () => {
    expect(classifyIssueUpdate(issueUpdatedEvent())).toEqual({
      kind: 'status-changed',
      change: {
        issueId: '10073',
        issueKey: 'SP-10',
        projectId: '10000',
        summary: 'Ship the onboarding checklist',
        issueTypeName: 'Story',
        projectKey: 'SP',
        projectName: 'Scrum Project',
        siteUrl: 'https://example.atlassian.net',
        changelogId: '10094',
        fromStatusId: '10000',
        fromStatusName: 'To Do',
        toStatusId: '3',
        toStatusName: 'In Progress',
        toCategoryKey: 'indeterminate',
        actorAccountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
        changedAt: '2024-03-04T10:20:30.123+0000',
      },
    });
  });

  it('reads no site URL from an event without issue.self (Forge does not promise it) or with a non-https one', () => {
    const { self: _self, ...withoutSelf } = jiraIssue();
    expect(changeOf(issueUpdatedEvent({ issue: withoutSelf }))).toMatchObject({ siteUrl: undefined, summary: 'Ship the onboarding checklist' });
    expect(siteUrlOf('http://example.atlassian.net/rest/api/3/issue/1')).toBeUndefined();
    expect(siteUrlOf('https://user:pw@example.atlassian.net/rest/api/3/issue/1')).toBeUndefined();
    expect(siteUrlOf('not a url')).toBeUndefined();
    expect(siteUrlOf('https://acme.atlassian.net/rest/api/3/issue/1')).toBe('https://acme.atlassian.net');
  });

  it('reads a move to Done with its category', () => {
    const event = eventWith({
      status: jiraStatus({ id: '10001', name: 'Done', statusCategory: { ...STATUS_CATEGORIES.done } }),
      items: [statusChangelogItem({ from: '3', fromString: 'In Progress', to: '10001', toString: 'Done' })],
    });
    expect(changeOf(event)).toMatchObject({ fromStatusId: '3', toStatusId: '10001', toStatusName: 'Done', toCategoryKey: 'done' });
  });

  it('finds the status item among other items of the same changelog', () => {
    const event = eventWith({ items: [assigneeChangelogItem(), parentChangelogItem(), statusChangelogItem()] });
    expect(changeOf(event)).toMatchObject({ toStatusId: '3', fromStatusId: '10000' });
  });

  it('detects an item without fieldId whose field is "status"', () => {
    const event = eventWith({ items: [omit(statusChangelogItem(), 'fieldId')] });
    expect(changeOf(event).toStatusId).toBe('3');
  });

  it('detects an item by its fieldId even when the display field differs', () => {
    const event = eventWith({ items: [statusChangelogItem({ field: 'Status' })] });
    expect(changeOf(event).toStatusId).toBe('3');
  });

  it('accepts numeric ids for issue, project, changelog and statuses', () => {
    const event = issueUpdatedEvent({
      issue: jiraIssue({ id: 10073, fields: issueFields({ project: { id: 10000, key: 'SP' }, status: jiraStatus({ id: 3 }) }) }),
      changelog: changelog({ id: 10094, items: [statusChangelogItem({ from: 10000, to: 3 })] }),
    });
    expect(changeOf(event)).toMatchObject({
      issueId: '10073',
      projectId: '10000',
      changelogId: '10094',
      fromStatusId: '10000',
      toStatusId: '3',
      toCategoryKey: 'indeterminate',
    });
  });

  it('takes the actor from user.accountId when there is no atlassianId', () => {
    const event = { ...omit(issueUpdatedEvent(), 'atlassianId'), user: { accountId: '5b10ac8d82e05b22cc7d4ef5' } };
    expect(changeOf(event).actorAccountId).toBe('5b10ac8d82e05b22cc7d4ef5');
  });

  it('prefers atlassianId over user.accountId', () => {
    const event = issueUpdatedEvent({ atlassianId: 'actor-a', user: { accountId: 'actor-b' } });
    expect(changeOf(event).actorAccountId).toBe('actor-a');
  });

  it('leaves optional parts undefined when they are missing', () => {
    const event = issueUpdatedEvent({
      atlassianId: undefined,
      issue: { id: '10073' },
      changelog: changelog({ items: [{ fieldId: 'status', field: 'status', to: '3' }] }),
    });
    expect(changeOf(event)).toEqual({
      issueId: '10073',
      issueKey: undefined,
      projectId: undefined,
      changelogId: '10094',
      fromStatusId: undefined,
      fromStatusName: undefined,
      toStatusId: '3',
      toStatusName: undefined,
      toCategoryKey: undefined,
      actorAccountId: undefined,
      changedAt: undefined,
    });
  });

  it('reads a status change from a status that had no previous value (from null)', () => {
    const event = eventWith({ items: [statusChangelogItem({ from: null, fromString: null })] });
    expect(changeOf(event)).toMatchObject({ fromStatusId: undefined, fromStatusName: undefined, toStatusId: '3' });
  });
});

describe('classifyIssueUpdate: the category of the new status', () => {
  it('is taken from the payload when issue.fields.status.id equals the changelog "to"', () => {
    expect(changeOf(issueUpdatedEvent()).toCategoryKey).toBe('indeterminate');
  });

  it('matches ids across number and string forms', () => {
    const event = eventWith({ status: jiraStatus({ id: 3 }), items: [statusChangelogItem({ to: '3' })] });
    expect(changeOf(event).toCategoryKey).toBe('indeterminate');
  });

  it('is not trusted when the payload status is another status (the issue has moved on)', () => {
    const event = eventWith({
      status: jiraStatus({ id: '10001', name: 'Done', statusCategory: { ...STATUS_CATEGORIES.done } }),
      items: [statusChangelogItem({ to: '3' })],
    });
    const change = changeOf(event);
    expect(change.toStatusId).toBe('3');
    expect(change.toCategoryKey).toBeUndefined();
  });

  it('is undefined when the payload has no fields.status', () => {
    const event = issueUpdatedEvent({ issue: jiraIssue({ fields: omit(issueFields(), 'status') }) });
    expect(changeOf(event).toCategoryKey).toBeUndefined();
  });

  it('is undefined when the status has no statusCategory', () => {
    const event = eventWith({ status: omit(jiraStatus(), 'statusCategory') });
    expect(changeOf(event).toCategoryKey).toBeUndefined();
  });

  it('is undefined when the status has no id', () => {
    const event = eventWith({ status: omit(jiraStatus(), 'id') });
    expect(changeOf(event).toCategoryKey).toBeUndefined();
  });

  it('is undefined when the statusCategory carries only its name', () => {
    const event = eventWith({ status: jiraStatus({ statusCategory: { id: 4, name: 'In Progress' } }) });
    expect(changeOf(event).toCategoryKey).toBeUndefined();
  });

  it('is read from the key, never the name', () => {
    const event = eventWith({ status: jiraStatus({ statusCategory: { id: 4, key: 'done', name: 'In Progress' } }) });
    expect(changeOf(event).toCategoryKey).toBe('done');
  });

  it('is undefined for an unknown key', () => {
    const event = eventWith({ status: jiraStatus({ statusCategory: { id: 9, key: 'blocked', name: 'Blocked' } }) });
    expect(changeOf(event).toCategoryKey).toBeUndefined();
  });

  it('maps the legacy key "undefined" to new', () => {
    const event = eventWith({ status: jiraStatus({ statusCategory: { id: 1, key: 'undefined', colorName: 'medium-gray', name: 'No Category' } }) });
    expect(changeOf(event).toCategoryKey).toBe('new');
  });
});

describe('classifyIssueUpdate: the name of the new status', () => {
  it('comes from the changelog toString', () => {
    const event = eventWith({ items: [statusChangelogItem({ toString: 'Doing' })] });
    expect(changeOf(event).toStatusName).toBe('Doing');
  });

  it('falls back to issue.fields.status.name when toString is missing and the payload status is the target', () => {
    const event = eventWith({ status: jiraStatus({ name: 'In Review' }), items: [omit(statusChangelogItem(), 'toString')] });
    expect(changeOf(event).toStatusName).toBe('In Review');
  });

  // Regression: the name fallback used to skip the id check that guards the category, so
  // a change to status "3" was reported with the name of status "10001" ("Done").
  it('does not take the name of a different status from issue.fields.status', () => {
    const event = eventWith({
      status: jiraStatus({ id: '10001', name: 'Done', statusCategory: { ...STATUS_CATEGORIES.done } }),
      items: [omit(statusChangelogItem({ to: '3' }), 'toString')],
    });
    const change = changeOf(event);
    expect(change.toStatusId).toBe('3');
    expect(change.toStatusName).toBeUndefined();
  });
});

describe('classifyIssueUpdate: other updates', () => {
  it('classifies an assignee change as other-update', () => {
    expect(classifyIssueUpdate(eventWith({ items: [assigneeChangelogItem()] }))).toEqual({ kind: 'other-update', issueId: '10073' });
  });

  it('classifies a parent change (IssueParentAssociation, no fieldId) as other-update', () => {
    expect(classifyIssueUpdate(eventWith({ items: [parentChangelogItem()] }))).toEqual({ kind: 'other-update', issueId: '10073' });
  });

  it('classifies a custom field displayed as "status" as other-update: fieldId wins', () => {
    const item = statusChangelogItem({ fieldtype: 'custom', fieldId: 'customfield_10050', field: 'status' });
    expect(classifyIssueUpdate(eventWith({ items: [item] }))).toEqual({ kind: 'other-update', issueId: '10073' });
  });

  it('classifies an update without a changelog as other-update', () => {
    expect(classifyIssueUpdate(omit(issueUpdatedEvent(), 'changelog'))).toEqual({ kind: 'other-update', issueId: '10073' });
  });

  it('classifies a changelog without items, or with empty items, as other-update', () => {
    expect(classifyIssueUpdate(issueUpdatedEvent({ changelog: { id: '10094' } }))).toEqual({ kind: 'other-update', issueId: '10073' });
    expect(classifyIssueUpdate(eventWith({ items: [] }))).toEqual({ kind: 'other-update', issueId: '10073' });
  });

  it('ignores items that are not objects', () => {
    expect(classifyIssueUpdate(eventWith({ items: [null, 'status', 7, ['status']] }))).toEqual({ kind: 'other-update', issueId: '10073' });
  });

  it('classifies a changelog that is not an object as other-update', () => {
    expect(classifyIssueUpdate(issueUpdatedEvent({ changelog: 'status' }))).toEqual({ kind: 'other-update', issueId: '10073' });
  });

  it('keeps a numeric issue id as text', () => {
    const event = issueUpdatedEvent({ issue: jiraIssue({ id: 10073 }), changelog: changelog({ items: [assigneeChangelogItem()] }) });
    expect(classifyIssueUpdate(event)).toEqual({ kind: 'other-update', issueId: '10073' });
  });
});

describe('classifyIssueUpdate: unreadable events', () => {
  it.each([
    ['no issue', omit(issueUpdatedEvent(), 'issue')],
    ['an issue without id', issueUpdatedEvent({ issue: omit(jiraIssue(), 'id') })],
    ['an empty issue id', issueUpdatedEvent({ issue: jiraIssue({ id: '' }) })],
    ['a fractional issue id', issueUpdatedEvent({ issue: jiraIssue({ id: 100.5 }) })],
    ['an issue id beyond safe integers', issueUpdatedEvent({ issue: jiraIssue({ id: 2 ** 53 }) })],
    ['an issue id that is an object', issueUpdatedEvent({ issue: jiraIssue({ id: { value: '10073' } }) })],
    ['an issue that is a string', issueUpdatedEvent({ issue: '10073' })],
    ['null', null],
    ['a string', 'avi:jira:updated:issue'],
    ['an array', [issueUpdatedEvent()]],
  ])('%s is unreadable', (_label, event) => {
    expect(classifyIssueUpdate(event)).toEqual({ kind: 'unreadable', reason: 'event has no issue.id' });
  });

  it('a status change without changelog.id is unreadable, naming the issue', () => {
    const event = issueUpdatedEvent({ changelog: omit(changelog(), 'id') });
    expect(classifyIssueUpdate(event)).toEqual({ kind: 'unreadable', reason: 'status change on issue 10073 has no changelog.id' });
  });

  it('a status change without a target status id is unreadable, naming the issue', () => {
    const event = eventWith({ items: [omit(statusChangelogItem(), 'to')] });
    expect(classifyIssueUpdate(event)).toEqual({ kind: 'unreadable', reason: 'status change on issue 10073 has no target status id' });
  });

  it('a status change with an empty target status id is unreadable', () => {
    expect(classifyIssueUpdate(eventWith({ items: [statusChangelogItem({ to: '' })] })).kind).toBe('unreadable');
  });

  it('a non-status update without changelog.id is still other-update', () => {
    const event = issueUpdatedEvent({ changelog: { items: [assigneeChangelogItem()] } });
    expect(classifyIssueUpdate(event)).toEqual({ kind: 'other-update', issueId: '10073' });
  });
});

describe('compareChangelogIds', () => {
  it('compares as numbers, not text: "9" < "10"', () => {
    expect(compareChangelogIds('9', '10')).toBe(-1);
    expect(compareChangelogIds('10', '9')).toBe(1);
  });

  it('is 0 for equal ids', () => {
    expect(compareChangelogIds('10094', '10094')).toBe(0);
  });

  it('treats leading zeros as the same number', () => {
    expect(compareChangelogIds('010', '10')).toBe(0);
  });

  it('compares ids beyond Number.MAX_SAFE_INTEGER exactly', () => {
    // As Numbers both are 9007199254740992.
    expect(compareChangelogIds('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareChangelogIds('9007199254740992', '9007199254740993')).toBe(-1);
  });

  it('compares very long ids of different lengths', () => {
    const long = '123456789012345678901234567890';
    expect(compareChangelogIds(long, `${long}0`)).toBe(-1);
    expect(compareChangelogIds(`${long}0`, long)).toBe(1);
    expect(compareChangelogIds('99999999999999999999999999999', long)).toBe(-1);
  });

  it('puts "0" (the link-time version) before any real changelog id', () => {
    expect(compareChangelogIds('0', '1')).toBe(-1);
    expect(compareChangelogIds('10000', '0')).toBe(1);
  });

  it('falls back to text order for ids that are not all digits', () => {
    expect(compareChangelogIds('abc', 'abd')).toBe(-1);
    expect(compareChangelogIds('abd', 'abc')).toBe(1);
    expect(compareChangelogIds('abc', 'abc')).toBe(0);
    expect(compareChangelogIds('-1', '-1')).toBe(0);
  });

  it('sorts random numeric ids in numeric order, and is antisymmetric', () => {
    const random = mulberry32(7);
    const ids = Array.from({ length: 200 }, () => String(randomInt(random, 0, 10 ** randomInt(random, 1, 9))));
    const sorted = shuffled(random, ids).sort(compareChangelogIds);
    expect(sorted).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
    for (let i = 0; i + 1 < ids.length; i += 1) {
      const a = ids[i] as string;
      const b = ids[i + 1] as string;
      expect(compareChangelogIds(a, b)).toBe(-compareChangelogIds(b, a) || 0);
      expect(compareChangelogIds(a, b)).toBe(Math.sign(Number(a) - Number(b)));
    }
  });
});
