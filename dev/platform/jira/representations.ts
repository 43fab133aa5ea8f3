import { formatTimeSpent } from './forge-events';
import type { JiraSite, SimChangelog, SimChangelogItem, SimComment, SimIssue, SimProject, SimStatus, SimStatusCategory, SimUser, SimWorklog } from './site-model';

/** JSON shapes as Atlassian's OpenAPI document describes them (checked by test/dev). */
export const categoryJson = (site: JiraSite, c: SimStatusCategory) => ({
  self: `${site.data.baseUrl}/rest/api/3/statuscategory/${c.id}`,
  id: c.id,
  key: c.key,
  colorName: c.colorName,
  name: c.name,
});

export const statusJson = (site: JiraSite, s: SimStatus) => {
  const category = site.category(s.categoryId);
  return {
    self: `${site.data.baseUrl}/rest/api/3/status/${s.id}`,
    description: s.description,
    iconUrl: `${site.data.baseUrl}/images/icons/statuses/generic.png`,
    name: s.name,
    id: s.id,
    ...(category ? { statusCategory: categoryJson(site, category) } : {}),
  };
};

/** UserDetails as changelog authors carry it (no locale, unlike the full User). */
export const userDetailsJson = (site: JiraSite, u: SimUser) => {
  const { locale: _locale, ...details } = userJson(site, u);
  return details;
};

/**
 * A change item. Jira sends `"from": null` for a field that had no value; the OpenAPI
 * document types from/to as plain strings (its example leaves them out), so an empty side
 * is left out here and the exchange stays valid against the contract.
 */
const changeItemJson = (item: SimChangelogItem) => Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null));

/** The author as UserDetails; absent when the account is not on the site (as for a deleted user's old entries). */
const authorJson = (site: JiraSite, accountId: string, as: string) => {
  const user = site.user(accountId);
  return user ? { [as]: userDetailsJson(site, user) } : {};
};

export const changelogJson = (site: JiraSite, c: SimChangelog) => ({ id: c.id, ...authorJson(site, c.authorId, 'author'), created: c.created, items: c.items.map(changeItemJson) });

/**
 * Plain text as an Atlassian Document Format document: one paragraph per line, an empty
 * line an empty paragraph (ADF text nodes must not be empty).
 */
export const adfFromText = (text: string) => ({
  type: 'doc',
  version: 1,
  content: text.split('\n').map((line) => (line === '' ? { type: 'paragraph', content: [] } : { type: 'paragraph', content: [{ type: 'text', text: line }] })),
});

export const commentJson = (site: JiraSite, c: SimComment) => ({
  self: `${site.data.baseUrl}/rest/api/3/issue/${c.issueId}/comment/${c.id}`,
  id: c.id,
  ...authorJson(site, c.authorId, 'author'),
  body: adfFromText(c.body),
  ...authorJson(site, c.updateAuthorId, 'updateAuthor'),
  created: c.created,
  updated: c.updated,
  // Not a service project's internal note: every simulated comment is public.
  jsdPublic: true,
});

export const worklogJson = (site: JiraSite, w: SimWorklog) => ({
  self: `${site.data.baseUrl}/rest/api/3/issue/${w.issueId}/worklog/${w.id}`,
  ...authorJson(site, w.authorId, 'author'),
  ...authorJson(site, w.updateAuthorId, 'updateAuthor'),
  ...(w.comment ? { comment: adfFromText(w.comment) } : {}),
  created: w.created,
  updated: w.updated,
  started: w.started,
  timeSpent: formatTimeSpent(w.timeSpentSeconds),
  timeSpentSeconds: w.timeSpentSeconds,
  id: w.id,
  issueId: w.issueId,
});

export const projectJson = (site: JiraSite, p: SimProject) => ({
  self: `${site.data.baseUrl}/rest/api/3/project/${p.id}`,
  id: p.id,
  key: p.key,
  name: p.name,
  projectTypeKey: 'software',
  simplified: true,
  style: 'next-gen',
  isPrivate: false,
});

/** Email is left out for users who hide it, exactly as Jira does for other callers. */
export const userJson = (site: JiraSite, u: SimUser) => ({
  self: `${site.data.baseUrl}/rest/api/3/user?accountId=${u.accountId}`,
  accountId: u.accountId,
  accountType: u.accountType,
  ...(u.emailHidden ? {} : { emailAddress: u.email }),
  avatarUrls: {
    '16x16': `https://avatar.example.com/${u.accountId}/16`,
    '24x24': `https://avatar.example.com/${u.accountId}/24`,
    '32x32': `https://avatar.example.com/${u.accountId}/32`,
    '48x48': `https://avatar.example.com/${u.accountId}/48`,
  },
  displayName: u.displayName,
  active: u.active,
  timeZone: 'Europe/Berlin',
  locale: 'en_US',
});

export function issueFieldsJson(site: JiraSite, issue: SimIssue): Record<string, unknown> {
  const project = site.data.projects.find((p) => p.id === issue.projectId);
  const status = site.status(issue.statusId);
  const reporter = site.user(issue.reporterId);
  const creator = site.user(issue.creatorId);
  const assignee = issue.assigneeId ? site.user(issue.assigneeId) : undefined;
  return {
    summary: issue.summary,
    issuetype: { id: '10001', name: issue.issueTypeName, subtask: false },
    project: project ? projectJson(site, project) : null,
    status: status ? statusJson(site, status) : null,
    reporter: reporter ? userJson(site, reporter) : null,
    creator: creator ? userJson(site, creator) : null,
    assignee: assignee ? userJson(site, assignee) : null,
    labels: issue.labels ?? [],
    created: issue.created,
    updated: issue.updated,
  };
}

/** `fields` as Jira reads it: a comma list, `*all`, `*navigable`, or `-name` to exclude. */
export function selectFields(all: Record<string, unknown>, fieldsParam: string | null, defaultAll: boolean): Record<string, unknown> {
  if (fieldsParam === null || fieldsParam === '') return defaultAll ? all : {};
  const wanted = fieldsParam.split(',').map((f) => f.trim()).filter(Boolean);
  const includeAll = wanted.includes('*all') || wanted.includes('*navigable');
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) {
    if ((includeAll || wanted.includes(key)) && !wanted.includes(`-${key}`)) result[key] = value;
  }
  return result;
}

/**
 * How many comments the `comment` field of an issue carries inline. Atlassian documents no
 * number (the field says its own total and maxResults); 20 here, so clients that page the
 * rest (GET issue/{id}/comment) are tested against a cap they must not assume away.
 */
export const INLINE_COMMENTS = 20;

/** The `comment` field, built only when asked for (it is the costliest field). */
function commentFieldJson(site: JiraSite, issue: SimIssue) {
  const comments = [...site.commentsOf(issue.id)].sort((a, b) => a.created.localeCompare(b.created) || Number(a.id) - Number(b.id));
  return { comments: comments.slice(0, INLINE_COMMENTS).map((c) => commentJson(site, c)), self: `${site.data.baseUrl}/rest/api/3/issue/${issue.id}/comment`, maxResults: INLINE_COMMENTS, total: comments.length, startAt: 0 };
}

export const issueJson = (site: JiraSite, issue: SimIssue, fieldsParam: string | null, defaultAll: boolean) => {
  const wanted = (fieldsParam ?? '').split(',').map((f) => f.trim());
  const withComments = (wanted.includes('comment') || wanted.includes('*all') || (defaultAll && !fieldsParam)) && !wanted.includes('-comment');
  return {
    id: issue.id,
    key: issue.key,
    self: `${site.data.baseUrl}/rest/api/3/issue/${issue.id}`,
    fields: { ...selectFields(issueFieldsJson(site, issue), fieldsParam, defaultAll), ...(withComments ? { comment: commentFieldJson(site, issue) } : {}) },
  };
};
