import type { JiraSite, SimChangelog, SimComment, SimIssue, SimWorklog } from './site-model';

/**
 * Product events in the shape Forge passes to a trigger (Forge events reference, "Jira
 * events"). Every entry of `issue.fields` is optional in Atlassian's documented types and
 * `statusCategory` inside `status` is not promised, so `withStatusCategory: false`
 * produces the leaner payload the app must also handle.
 */
function eventIssue(site: JiraSite, issue: SimIssue, options: { withStatusCategory?: boolean } = {}): Record<string, unknown> {
  const status = site.status(issue.statusId);
  const category = site.categoryOfStatus(issue.statusId);
  const project = site.data.projects.find((p) => p.id === issue.projectId);
  return {
    id: issue.id,
    key: issue.key,
    // Jira's issue representation carries its REST URL; Forge's event types do not promise it.
    self: `${site.data.baseUrl}/rest/api/3/issue/${issue.id}`,
    fields: {
      summary: issue.summary,
      issuetype: { id: '10001', name: issue.issueTypeName, subtask: false },
      creator: { accountId: issue.creatorId },
      project: project ? { id: project.id, key: project.key, name: project.name, projectTypeKey: 'software', simplified: true } : undefined,
      reporter: { accountId: issue.reporterId },
      assignee: issue.assigneeId ? { accountId: issue.assigneeId } : null,
      created: issue.created,
      updated: issue.updated,
      status: {
        id: issue.statusId,
        name: status?.name,
        description: status?.description,
        ...(options.withStatusCategory === false ? {} : { statusCategory: { id: category.id, key: category.key, colorName: category.colorName, name: category.name } }),
      },
    },
  };
}

const actor = (accountId: string) => ({ atlassianId: accountId, associatedUsers: [{ accountId }] });

export function issueUpdatedEvent(site: JiraSite, issue: SimIssue, changelog: SimChangelog, options: { withStatusCategory?: boolean } = {}): Record<string, unknown> {
  return {
    eventType: 'avi:jira:updated:issue',
    ...actor(changelog.authorId),
    timestamp: String(Date.parse(changelog.created)),
    issue: eventIssue(site, issue, options),
    changelog: { id: changelog.id, items: changelog.items.map((item) => ({ ...item })) },
  };
}

export function issueCreatedEvent(site: JiraSite, issue: SimIssue): Record<string, unknown> {
  return { eventType: 'avi:jira:created:issue', ...actor(issue.reporterId), timestamp: String(Date.parse(issue.created)), issue: eventIssue(site, issue) };
}

/** Built from the issue as it was just before deletion (the site no longer has it). */
export function issueDeletedEvent(site: JiraSite, issue: SimIssue, actorId: string): Record<string, unknown> {
  return { eventType: 'avi:jira:deleted:issue', ...actor(actorId), timestamp: String(Date.now()), issue: eventIssue(site, issue) };
}

function eventComment(comment: SimComment): Record<string, unknown> {
  return {
    id: comment.id,
    author: { accountId: comment.authorId },
    body: comment.body,
    updateAuthor: { accountId: comment.updateAuthorId },
    created: comment.created,
    updated: comment.updated,
    jsdPublic: true,
  };
}

/** avi:jira:commented:issue fires on create and on edit alike (there is no updated:comment event). */
export function issueCommentedEvent(site: JiraSite, issue: SimIssue, comment: SimComment): Record<string, unknown> {
  return { eventType: 'avi:jira:commented:issue', ...actor(comment.updateAuthorId), issue: eventIssue(site, issue), comment: eventComment(comment) };
}

export function commentDeletedEvent(site: JiraSite, issue: SimIssue, comment: SimComment, actorId: string): Record<string, unknown> {
  return { eventType: 'avi:jira:deleted:comment', atlassianId: actorId, issue: eventIssue(site, issue), comment: eventComment(comment) };
}

export type WorklogEventType = 'avi:jira:created:worklog' | 'avi:jira:updated:worklog' | 'avi:jira:deleted:worklog';

/** Worklog events carry only the worklog: the issue is `worklog.issueId`. */
export function worklogEvent(eventType: WorklogEventType, worklog: SimWorklog): Record<string, unknown> {
  return {
    eventType,
    worklog: {
      id: worklog.id,
      issueId: worklog.issueId,
      author: { accountId: worklog.authorId },
      updateAuthor: { accountId: worklog.updateAuthorId },
      comment: worklog.comment,
      created: worklog.created,
      updated: worklog.updated,
      started: worklog.started,
      timeSpent: formatTimeSpent(worklog.timeSpentSeconds),
      timeSpentSeconds: worklog.timeSpentSeconds,
    },
  };
}

/** Jira's short form: 5400 → "1h 30m". */
export function formatTimeSpent(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return [hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : ''].filter(Boolean).join(' ') || `${seconds}s`;
}
