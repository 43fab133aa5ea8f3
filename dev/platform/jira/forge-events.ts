import type { JiraSite, SimChangelog, SimIssue } from './site-model';

/**
 * Product events in the shape Forge passes to a trigger (events reference: Jira issue
 * events). `statusCategory` inside issue.fields.status is optional in Atlassian's
 * documented types, so `withStatusCategory: false` produces the leaner payload the app
 * must also handle.
 */
export function issueUpdatedEvent(site: JiraSite, issue: SimIssue, changelog: SimChangelog, options: { withStatusCategory?: boolean } = {}): Record<string, unknown> {
  const status = site.status(issue.statusId);
  const category = site.categoryOfStatus(issue.statusId);
  const project = site.data.projects.find((p) => p.id === issue.projectId);
  return {
    eventType: 'avi:jira:updated:issue',
    atlassianId: changelog.authorId,
    associatedUsers: [{ accountId: changelog.authorId }],
    timestamp: String(Date.parse(changelog.created)),
    issue: {
      id: issue.id,
      key: issue.key,
      fields: {
        summary: issue.summary,
        issuetype: { id: '10001', name: issue.issueTypeName, subtask: false },
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
    },
    changelog: { id: changelog.id, items: changelog.items.map((item) => ({ ...item })) },
  };
}
