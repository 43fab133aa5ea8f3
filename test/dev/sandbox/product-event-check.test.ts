import { checkProductEvent } from '../../../dev/sandbox/product-event-check';

const SUBSCRIBED = [
  'avi:jira:created:issue',
  'avi:jira:updated:issue',
  'avi:jira:deleted:issue',
  'avi:jira:commented:issue',
  'avi:jira:deleted:comment',
  'avi:jira:created:worklog',
  'avi:jira:updated:worklog',
  'avi:jira:deleted:worklog',
];

const issue = { id: '10001', key: 'CHK-1', fields: {} };

describe('checkProductEvent', () => {
  it.each([
    ['avi:jira:updated:issue', { issue, changelog: { id: '1', items: [] } }],
    ['avi:jira:updated:issue', { issue }],
    ['avi:jira:created:issue', { issue, atlassianId: 'abc', associatedUsers: [{ accountId: 'abc' }] }],
    ['avi:jira:deleted:issue', { issue }],
    ['avi:jira:commented:issue', { issue, comment: { id: '30001', body: 'hi' } }],
    ['avi:jira:deleted:comment', { issue, comment: { id: '30001' } }],
    ['avi:jira:created:worklog', { worklog: { id: '40001', issueId: '10001' } }],
    ['avi:jira:deleted:worklog', { worklog: { id: '40001', issueId: '10001' } }],
  ])('accepts a %s event with the documented fields', (eventType, fields) => {
    expect(checkProductEvent({ eventType, ...fields }, SUBSCRIBED)).toEqual({ ok: true, eventType });
  });

  it.each([
    ['a list', [], /must be a JSON object/],
    ['a string', 'avi:jira:updated:issue', /must be a JSON object/],
    ['no eventType', { issue }, /eventType is missing/],
    ['an eventType that is not a string', { eventType: 7, issue }, /eventType is missing/],
    ['an unknown event type', { eventType: 'jira:issue_updated', issue }, /Unknown product event type "jira:issue_updated"/],
    ['a Jira event the app does not subscribe to', { eventType: 'avi:jira:assigned:issue', issue }, /does not subscribe to "avi:jira:assigned:issue"/],
    ['an issue event without issue', { eventType: 'avi:jira:updated:issue' }, /issue must be an object/],
    ['an issue without id', { eventType: 'avi:jira:updated:issue', issue: { key: 'CHK-1' } }, /issue\.id must be a non-empty string/],
    ['an issue with a numeric id', { eventType: 'avi:jira:created:issue', issue: { id: 10001, key: 'CHK-1' } }, /issue\.id must be a non-empty string/],
    ['an issue without key', { eventType: 'avi:jira:deleted:issue', issue: { id: '10001' } }, /issue\.key must be/],
    ['fields that are not an object', { eventType: 'avi:jira:updated:issue', issue: { ...issue, fields: [] } }, /issue\.fields must be an object/],
    ['a changelog without a list of items', { eventType: 'avi:jira:updated:issue', issue, changelog: { items: 'status' } }, /changelog\.items must be an array/],
    ['a comment event without comment', { eventType: 'avi:jira:commented:issue', issue }, /comment must be an object/],
    ['a worklog without issueId', { eventType: 'avi:jira:updated:worklog', worklog: { id: '40001' } }, /worklog\.issueId must be a non-empty string/],
    ['associatedUsers without accountIds', { eventType: 'avi:jira:created:issue', issue, associatedUsers: [{}] }, /associatedUsers must be a list of \{ accountId \}/],
    ['an empty atlassianId', { eventType: 'avi:jira:created:issue', issue, atlassianId: '' }, /atlassianId must be a non-empty string/],
  ])('refuses %s with a reason', (_what, body, reason) => {
    const check = checkProductEvent(body, SUBSCRIBED);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.error).toMatch(reason);
  });

  it('names the event types the app takes when refusing one', () => {
    const check = checkProductEvent({ eventType: 'avi:jira:viewed:issue', issue }, SUBSCRIBED);
    expect(check.ok ? '' : check.error).toContain('avi:jira:commented:issue');
  });
});
