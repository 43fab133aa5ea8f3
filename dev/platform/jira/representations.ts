import type { JiraSite, SimChangelog, SimIssue, SimProject, SimStatus, SimStatusCategory, SimUser } from './site-model';

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

export const changelogJson = (site: JiraSite, c: SimChangelog) => {
  const author = site.user(c.authorId);
  return { id: c.id, ...(author ? { author: userDetailsJson(site, author) } : {}), created: c.created, items: c.items.map((item) => ({ ...item })) };
};

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
  const assignee = issue.assigneeId ? site.user(issue.assigneeId) : undefined;
  return {
    summary: issue.summary,
    issuetype: { id: '10001', name: issue.issueTypeName, subtask: false },
    project: project ? projectJson(site, project) : null,
    status: status ? statusJson(site, status) : null,
    reporter: reporter ? userJson(site, reporter) : null,
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

export const issueJson = (site: JiraSite, issue: SimIssue, fieldsParam: string | null, defaultAll: boolean) => ({
  id: issue.id,
  key: issue.key,
  self: `${site.data.baseUrl}/rest/api/3/issue/${issue.id}`,
  fields: selectFields(issueFieldsJson(site, issue), fieldsParam, defaultAll),
});
