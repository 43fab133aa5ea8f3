/**
 * An in-memory Jira Cloud site: the data behind the simulated REST server and the source
 * of the product events the platform would fire. Plain data, so the sandbox can persist it.
 */
import { ArrayIndex } from './array-index';
import { type ProductAccessData, type SimGlobalPermission, type SimGroup, type SimProduct, STANDARD_PRODUCTS, findGroup as findGroupIn, groupsOf as groupsIn, productAccessOf as productAccessIn } from './product-access';

export type { SimGlobalPermission, SimGroup, SimProduct } from './product-access';

export interface SimStatusCategory {
  id: number;
  key: string;
  name: string;
  colorName: string;
}

export interface SimStatus {
  id: string;
  name: string;
  description: string;
  categoryId: number;
}

export interface SimProject {
  id: string;
  key: string;
  name: string;
  /**
   * Who holds the project permissions, as account ids; a list left out means every
   * active human user (Jira's default scheme). Edit needs browse as well.
   */
  access?: { browse?: string[]; edit?: string[] };
}

export type SimProjectPermission = 'BROWSE_PROJECTS' | 'EDIT_ISSUES';

export interface SimUser {
  accountId: string;
  displayName: string;
  email: string;
  /** The user chose to hide their email: only the app (via email/bulk) can read it. */
  emailHidden: boolean;
  accountType: 'atlassian' | 'app' | 'customer';
  active: boolean;
  siteAdmin: boolean;
}

export interface SimChangelogItem {
  field: string;
  fieldtype: string;
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface SimChangelog {
  id: string;
  authorId: string;
  created: string;
  items: SimChangelogItem[];
}

export interface SimIssue {
  id: string;
  key: string;
  projectId: string;
  summary: string;
  issueTypeName: string;
  statusId: string;
  reporterId: string;
  /** Who created the issue (Jira's creator field): the reporter unless someone created it for them. */
  creatorId: string;
  assigneeId: string | null;
  created: string;
  updated: string;
  changelogs: SimChangelog[];
  /** Jira's labels field; absent means none (site files written before labels existed). */
  labels?: string[];
  /** Issue entity properties by key (JSON values, at most 32,768 bytes each). */
  properties?: Record<string, unknown>;
}

export interface SimComment {
  id: string;
  issueId: string;
  authorId: string;
  updateAuthorId: string;
  /** Plain text: the simulation does not model Atlassian Document Format. */
  body: string;
  created: string;
  updated: string;
}

export interface SimWorklog {
  id: string;
  issueId: string;
  authorId: string;
  updateAuthorId: string;
  comment: string;
  started: string;
  timeSpentSeconds: number;
  created: string;
  updated: string;
}

/** What Jira keeps of a deleted worklog: worklog/deleted lists it. */
export interface SimWorklogTombstone {
  worklogId: string;
  issueId: string;
  deletedAt: string;
}

export interface SiteData extends ProductAccessData {
  cloudId: string;
  baseUrl: string;
  categories: SimStatusCategory[];
  statuses: SimStatus[];
  projects: SimProject[];
  users: SimUser[];
  issues: SimIssue[];
  comments: SimComment[];
  worklogs: SimWorklog[];
  deletedWorklogs: SimWorklogTombstone[];
  counters: { nextIssueId: number; nextChangelogId: number; nextCommentId: number; nextWorklogId: number; nextGroupId: number };
}

export const DEFAULT_CATEGORIES: SimStatusCategory[] = [
  { id: 1, key: 'undefined', name: 'No Category', colorName: 'medium-gray' },
  { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  { id: 3, key: 'done', name: 'Done', colorName: 'green' },
];

export const DEFAULT_STATUSES: SimStatus[] = [
  { id: '10000', name: 'To Do', description: 'Work that has not started.', categoryId: 2 },
  { id: '10001', name: 'Backlog', description: 'Not planned yet.', categoryId: 2 },
  { id: '3', name: 'In Progress', description: 'Being worked on.', categoryId: 4 },
  { id: '10002', name: 'In Review', description: 'Waiting for review.', categoryId: 4 },
  { id: '10003', name: 'Done', description: 'Finished.', categoryId: 3 },
  { id: '10004', name: "Won't Do", description: 'Closed without doing it.', categoryId: 3 },
];

export class JiraSite {
  private readonly issueIndex = new ArrayIndex<SimIssue>((i) => [i.id, i.key]);
  private readonly userIndex = new ArrayIndex<SimUser>((u) => [u.accountId]);
  private readonly commentIndex = new ArrayIndex<SimComment>((c) => [`id:${c.id}`, `issue:${c.issueId}`]);
  private readonly worklogIndex = new ArrayIndex<SimWorklog>((w) => [`id:${w.id}`, `issue:${w.issueId}`]);
  /** The highest key number per project, for the next issue's key. */
  private keyNumbers: { source: SimIssue[]; size: number; max: Map<string, number> } | undefined;

  constructor(public readonly data: SiteData) {}

  static create(options: { cloudId?: string; baseUrl?: string } = {}): JiraSite {
    return new JiraSite({
      cloudId: options.cloudId ?? '11111111-2222-4333-8444-555555555555',
      baseUrl: options.baseUrl ?? 'https://okr-sync-demo.atlassian.net',
      categories: DEFAULT_CATEGORIES.map((c) => ({ ...c })),
      statuses: DEFAULT_STATUSES.map((s) => ({ ...s })),
      projects: [],
      users: [],
      issues: [],
      comments: [],
      worklogs: [],
      deletedWorklogs: [],
      // No products until a test or the sandbox adds them, so a bare site grants nobody a licence.
      groups: [],
      products: [],
      counters: { nextIssueId: 10001, nextChangelogId: 20001, nextCommentId: 30001, nextWorklogId: 40001, nextGroupId: 1 },
    });
  }

  /**
   * A site from data saved earlier (the sandbox's state file). Lists and counters added
   * since the file was written get their defaults, so an older file still loads.
   */
  static fromJSON(raw: unknown): JiraSite {
    if (typeof raw !== 'object' || raw === null) throw new Error('Saved site data is not an object');
    const data = raw as Partial<SiteData>;
    if (typeof data.cloudId !== 'string' || !Array.isArray(data.issues) || !Array.isArray(data.users) || !Array.isArray(data.projects)) {
      throw new Error('Saved site data lacks cloudId, projects, users or issues');
    }
    const fresh = JiraSite.create({ cloudId: data.cloudId, ...(typeof data.baseUrl === 'string' ? { baseUrl: data.baseUrl } : {}) }).data;
    // Issues written before the creator field existed were created by their reporter.
    const issues = (data.issues as Array<Partial<SimIssue> & Pick<SimIssue, 'reporterId'>>).map((i) => ({ ...i, creatorId: i.creatorId ?? i.reporterId }) as SimIssue);
    return new JiraSite({
      ...fresh,
      ...data,
      issues,
      comments: Array.isArray(data.comments) ? data.comments : [],
      worklogs: Array.isArray(data.worklogs) ? data.worklogs : [],
      deletedWorklogs: Array.isArray(data.deletedWorklogs) ? data.deletedWorklogs : [],
      groups: Array.isArray(data.groups) ? data.groups : [],
      products: Array.isArray(data.products) ? data.products : [],
      counters: { ...fresh.counters, ...(data.counters ?? {}) },
    } as SiteData);
  }

  /** Plain data, ready for JSON.stringify. */
  toJSON(): SiteData {
    return this.data;
  }

  get cloudId(): string {
    return this.data.cloudId;
  }

  addProject(project: SimProject): SimProject {
    this.data.projects.push(project);
    return project;
  }

  addUser(user: Partial<SimUser> & Pick<SimUser, 'accountId' | 'displayName'>): SimUser {
    const full: SimUser = {
      email: `${user.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`,
      emailHidden: false,
      accountType: 'atlassian',
      active: true,
      siteAdmin: false,
      ...user,
    };
    this.data.users.push(full);
    this.userIndex.pushed(this.data.users, full);
    return full;
  }

  createIssue(input: { projectKey: string; summary: string; statusId?: string; reporterId: string; creatorId?: string; assigneeId?: string | null; issueTypeName?: string; labels?: string[]; at?: Date | undefined }): SimIssue {
    const project = this.data.projects.find((p) => p.key === input.projectKey);
    if (!project) throw new Error(`No project ${input.projectKey}`);
    // One more than the highest key so far: a deleted issue's key is never reused, as in Jira.
    const number = this.highestKeyNumber(project.id) + 1;
    const at = (input.at ?? new Date()).toISOString();
    const issue: SimIssue = {
      id: String(this.data.counters.nextIssueId++),
      key: `${project.key}-${number}`,
      projectId: project.id,
      summary: input.summary,
      issueTypeName: input.issueTypeName ?? 'Task',
      statusId: input.statusId ?? '10000',
      reporterId: input.reporterId,
      creatorId: input.creatorId ?? input.reporterId,
      assigneeId: input.assigneeId ?? null,
      created: at,
      updated: at,
      changelogs: [],
      ...(input.labels ? { labels: [...input.labels] } : {}),
    };
    this.data.issues.push(issue);
    this.issueIndex.pushed(this.data.issues, issue);
    if (this.keyNumbers?.source === this.data.issues && this.keyNumbers.size === this.data.issues.length - 1) {
      this.keyNumbers.size += 1;
      this.keyNumbers.max.set(project.id, number);
    }
    return issue;
  }

  private highestKeyNumber(projectId: string): number {
    const issues = this.data.issues;
    if (this.keyNumbers?.source !== issues || this.keyNumbers.size !== issues.length) {
      const max = new Map<string, number>();
      for (const i of issues) max.set(i.projectId, Math.max(max.get(i.projectId) ?? 0, Number(i.key.split('-')[1]) || 0));
      this.keyNumbers = { source: issues, size: issues.length, max };
    }
    return this.keyNumbers.max.get(projectId) ?? 0;
  }

  /**
   * Sets an issue entity property directly, as seed data (no REST exchange, no event);
   * `undefined` removes it. JQL sees it at once: the simulated index is never behind.
   */
  setIssueProperty(idOrKey: string, key: string, value: unknown): void {
    const issue = this.requireIssue(idOrKey);
    issue.properties ??= {};
    if (value === undefined) delete issue.properties[key];
    else issue.properties[key] = value;
  }

  findIssue(idOrKey: string): SimIssue | undefined {
    const found = this.issueIndex.get(this.data.issues, idOrKey).find((i) => i.id === idOrKey || i.key === idOrKey);
    if (found) return found;
    // Not indexed: perhaps a key or id was edited in place; look once more on a fresh index.
    this.issueIndex.reset();
    return this.issueIndex.get(this.data.issues, idOrKey).find((i) => i.id === idOrKey || i.key === idOrKey);
  }

  status(id: string): SimStatus | undefined {
    return this.data.statuses.find((s) => s.id === id);
  }

  category(id: number): SimStatusCategory | undefined {
    return this.data.categories.find((c) => c.id === id);
  }

  categoryOfStatus(statusId: string): SimStatusCategory {
    const status = this.status(statusId);
    const category = status && this.category(status.categoryId);
    if (!category) throw new Error(`Status ${statusId} has no category`);
    return category;
  }

  user(accountId: string): SimUser | undefined {
    const found = this.userIndex.first(this.data.users, accountId);
    return found?.accountId === accountId ? found : this.data.users.find((u) => u.accountId === accountId);
  }

  /** A project permission of one user in one project (see SimProject.access). */
  userMay(accountId: string, permission: SimProjectPermission, projectId: string): boolean {
    const user = this.user(accountId);
    const project = this.data.projects.find((p) => p.id === projectId);
    if (!user || !project || !user.active || user.accountType !== 'atlassian') return false;
    const allowed = (list: string[] | undefined) => list === undefined || list.includes(accountId);
    const browse = allowed(project.access?.browse);
    return permission === 'BROWSE_PROJECTS' ? browse : browse && allowed(project.access?.edit);
  }

  /** Restricts who may browse or edit a project's issues (tests of permission checks). */
  setProjectAccess(projectKey: string, access: NonNullable<SimProject['access']>): void {
    const project = this.data.projects.find((p) => p.key === projectKey);
    if (!project) throw new Error(`No project ${projectKey}`);
    project.access = access;
  }

  /** A new group with no product; `groupId` defaults to a UUID made from a counter (stable across runs). */
  addGroup(input: { name: string; groupId?: string; memberIds?: string[] }): SimGroup {
    if (this.data.groups.some((g) => g.name === input.name)) throw new Error(`A group named ${input.name} exists`);
    const groupId = input.groupId ?? `00000000-0000-4000-8000-${String(this.data.counters.nextGroupId++).padStart(12, '0')}`;
    const group: SimGroup = { groupId, name: input.name, memberIds: [] };
    this.data.groups.push(group);
    if (input.memberIds) this.addGroupMembers(groupId, input.memberIds);
    return group;
  }

  findGroup(idOrName: string): SimGroup | undefined {
    return findGroupIn(this.data, idOrName);
  }

  /** Adds accounts (each once) to a group, by group id or name; an unknown account is a mistake in the test. */
  addGroupMembers(group: string, accountIds: readonly string[]): SimGroup {
    const found = this.requireGroup(group);
    for (const id of accountIds) {
      if (!this.user(id)) throw new Error(`No user ${id}`);
      if (!found.memberIds.includes(id)) found.memberIds.push(id);
    }
    return found;
  }

  removeGroupMembers(group: string, accountIds: readonly string[]): SimGroup {
    const found = this.requireGroup(group);
    found.memberIds = found.memberIds.filter((id) => !accountIds.includes(id));
    return found;
  }

  /** A product (application role) granted to no group yet; `seats` absent means unlimited. */
  addProduct(input: { key: string; name: string; seats?: number }): SimProduct {
    if (this.product(input.key)) throw new Error(`Product ${input.key} exists`);
    const product: SimProduct = { key: input.key, name: input.name, groupIds: [], defaultGroupIds: [], ...(input.seats !== undefined ? { seats: input.seats } : {}) };
    this.data.products.push(product);
    return product;
  }

  /**
   * Jira Software, Service Management, Product Discovery and Work Management, each with a
   * default group `<key>-users`; a product the site already has is kept as it is.
   */
  addStandardProducts(): SimProduct[] {
    return STANDARD_PRODUCTS.map((p) => {
      const existing = this.product(p.key);
      if (existing) return existing;
      const product = this.addProduct(p);
      const group = this.findGroup(`${p.key}-users`) ?? this.addGroup({ name: `${p.key}-users` });
      return this.grantProductToGroup(product.key, group.groupId, { asDefault: true });
    });
  }

  product(key: string): SimProduct | undefined {
    return this.data.products.find((p) => p.key === key);
  }

  /** Grants a product to a group (by id or name); `asDefault` also makes it a default group of the product. */
  grantProductToGroup(productKey: string, group: string, options: { asDefault?: boolean } = {}): SimProduct {
    const product = this.requireProduct(productKey);
    const { groupId } = this.requireGroup(group);
    if (!product.groupIds.includes(groupId)) product.groupIds.push(groupId);
    if (options.asDefault && !product.defaultGroupIds.includes(groupId)) product.defaultGroupIds.push(groupId);
    return product;
  }

  revokeProductFromGroup(productKey: string, group: string): SimProduct {
    const product = this.requireProduct(productKey);
    const { groupId } = this.requireGroup(group);
    product.groupIds = product.groupIds.filter((id) => id !== groupId);
    product.defaultGroupIds = product.defaultGroupIds.filter((id) => id !== groupId);
    return product;
  }

  /** Gives a user a product as Atlassian administration does: by adding them to the product's first default group. */
  giveProductAccess(accountId: string, productKey: string): SimGroup {
    const product = this.requireProduct(productKey);
    const groupId = product.defaultGroupIds[0];
    if (groupId === undefined) throw new Error(`Product ${productKey} has no default group`);
    return this.addGroupMembers(groupId, [accountId]);
  }

  groupsOf(accountId: string): SimGroup[] {
    return groupsIn(this.data, accountId);
  }

  /** A user's product access: every product one of their groups is granted. */
  productAccessOf(accountId: string): SimProduct[] {
    return productAccessIn(this.data, accountId);
  }

  /**
   * A global permission of a user: Administer Jira is the siteAdmin flag; Browse users and
   * groups is held through the groups `setBrowseUsersGroups` named, or by every active human
   * account while none were named (the simulator's default, so a bare site needs no setup).
   */
  userHasGlobalPermission(accountId: string, permission: SimGlobalPermission): boolean {
    const user = this.user(accountId);
    if (!user || !user.active || user.accountType !== 'atlassian') return false;
    if (permission === 'ADMINISTER') return user.siteAdmin;
    const granted = this.data.browseUsersGroupIds;
    return granted === undefined || this.groupsOf(accountId).some((g) => granted.includes(g.groupId));
  }

  /** Restricts Browse users and groups to the named groups (ids or names); `undefined` gives it back to everyone. */
  setBrowseUsersGroups(groups: readonly string[] | undefined): void {
    if (groups === undefined) delete this.data.browseUsersGroupIds;
    else this.data.browseUsersGroupIds = groups.map((g) => this.requireGroup(g).groupId);
  }

  /** A global permission of the app's own user (see ProductAccessData.appGlobalPermissions). */
  appHasGlobalPermission(permission: SimGlobalPermission): boolean {
    return (this.data.appGlobalPermissions ?? ['ADMINISTER', 'USER_PICKER']).includes(permission);
  }

  /** What the app's own user holds; `undefined` gives it both again. */
  setAppGlobalPermissions(permissions: readonly SimGlobalPermission[] | undefined): void {
    if (permissions === undefined) delete this.data.appGlobalPermissions;
    else this.data.appGlobalPermissions = [...permissions];
  }

  private requireGroup(idOrName: string): SimGroup {
    const group = this.findGroup(idOrName);
    if (!group) throw new Error(`No group ${idOrName}`);
    return group;
  }

  private requireProduct(key: string): SimProduct {
    const product = this.product(key);
    if (!product) throw new Error(`No product ${key}`);
    return product;
  }

  /** Moves an issue to a status the way a workflow transition does: one changelog entry. */
  transitionIssue(idOrKey: string, toStatusId: string, actorId: string, at: Date = new Date()): { issue: SimIssue; changelog: SimChangelog } {
    const issue = this.requireIssue(idOrKey);
    const to = this.status(toStatusId);
    if (!to) throw new Error(`No status ${toStatusId}`);
    const from = this.status(issue.statusId);
    const changelog = this.addChangelog(issue.id, {
      authorId: actorId,
      at,
      items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: issue.statusId, fromString: from?.name ?? null, to: to.id, toString: to.name }],
    });
    issue.statusId = to.id;
    return { issue, changelog };
  }

  /**
   * Records a changelog entry as it is (seed data: the caller changes the fields it names,
   * if it wants the issue to show them); the issue counts as updated then.
   */
  addChangelog(idOrKey: string, input: { authorId: string; items: SimChangelogItem[]; at?: Date | undefined }): SimChangelog {
    const issue = this.requireIssue(idOrKey);
    const changelog: SimChangelog = { id: String(this.data.counters.nextChangelogId++), authorId: input.authorId, created: (input.at ?? new Date()).toISOString(), items: input.items.map((item) => ({ ...item })) };
    issue.changelogs.push(changelog);
    issue.updated = changelog.created;
    return changelog;
  }

  private requireIssue(idOrKey: string): SimIssue {
    const issue = this.findIssue(idOrKey);
    if (!issue) throw new Error(`No issue ${idOrKey}`);
    return issue;
  }

  commentsOf(issueId: string): SimComment[] {
    return this.commentIndex.get(this.data.comments, `issue:${issueId}`).filter((c) => c.issueId === issueId);
  }

  worklogsOf(issueId: string): SimWorklog[] {
    return this.worklogIndex.get(this.data.worklogs, `issue:${issueId}`).filter((w) => w.issueId === issueId);
  }

  findComment(id: string): SimComment | undefined {
    const found = this.commentIndex.first(this.data.comments, `id:${id}`);
    return found?.id === id ? found : this.data.comments.find((c) => c.id === id);
  }

  findWorklog(id: string): SimWorklog | undefined {
    const found = this.worklogIndex.first(this.data.worklogs, `id:${id}`);
    return found?.id === id ? found : this.data.worklogs.find((w) => w.id === id);
  }

  addComment(issueIdOrKey: string, input: { authorId: string; body: string; at?: Date | undefined }): SimComment {
    const issue = this.requireIssue(issueIdOrKey);
    const at = (input.at ?? new Date()).toISOString();
    const comment: SimComment = { id: String(this.data.counters.nextCommentId++), issueId: issue.id, authorId: input.authorId, updateAuthorId: input.authorId, body: input.body, created: at, updated: at };
    this.data.comments.push(comment);
    this.commentIndex.pushed(this.data.comments, comment);
    issue.updated = at;
    return comment;
  }

  editComment(id: string, input: { authorId: string; body: string; at?: Date | undefined }): SimComment {
    const comment = this.findComment(id);
    if (!comment) throw new Error(`No comment ${id}`);
    comment.body = input.body;
    comment.updateAuthorId = input.authorId;
    comment.updated = (input.at ?? new Date()).toISOString();
    return comment;
  }

  deleteComment(id: string): SimComment {
    const comment = this.findComment(id);
    const index = comment ? this.data.comments.indexOf(comment) : -1;
    if (index < 0) throw new Error(`No comment ${id}`);
    this.data.comments.splice(index, 1);
    this.commentIndex.removed(this.data.comments, comment!);
    return comment!;
  }

  addWorklog(issueIdOrKey: string, input: { authorId: string; timeSpentSeconds: number; comment: string; started?: Date | undefined; at?: Date | undefined }): SimWorklog {
    const issue = this.requireIssue(issueIdOrKey);
    const at = (input.at ?? new Date()).toISOString();
    const worklog: SimWorklog = {
      id: String(this.data.counters.nextWorklogId++),
      issueId: issue.id,
      authorId: input.authorId,
      updateAuthorId: input.authorId,
      comment: input.comment,
      started: (input.started ?? input.at ?? new Date()).toISOString(),
      timeSpentSeconds: input.timeSpentSeconds,
      created: at,
      updated: at,
    };
    this.data.worklogs.push(worklog);
    this.worklogIndex.pushed(this.data.worklogs, worklog);
    issue.updated = at;
    return worklog;
  }

  editWorklog(id: string, input: { authorId: string; timeSpentSeconds?: number; comment?: string; at?: Date | undefined }): SimWorklog {
    const worklog = this.findWorklog(id);
    if (!worklog) throw new Error(`No worklog ${id}`);
    if (input.timeSpentSeconds !== undefined) worklog.timeSpentSeconds = input.timeSpentSeconds;
    if (input.comment !== undefined) worklog.comment = input.comment;
    worklog.updateAuthorId = input.authorId;
    worklog.updated = (input.at ?? new Date()).toISOString();
    return worklog;
  }

  /** Removes a worklog and keeps its tombstone, as Jira does for worklog/deleted. */
  deleteWorklog(id: string, at: Date = new Date()): SimWorklog {
    const worklog = this.findWorklog(id);
    const index = worklog ? this.data.worklogs.indexOf(worklog) : -1;
    if (index < 0) throw new Error(`No worklog ${id}`);
    this.data.worklogs.splice(index, 1);
    this.worklogIndex.removed(this.data.worklogs, worklog!);
    this.data.deletedWorklogs.push({ worklogId: worklog!.id, issueId: worklog!.issueId, deletedAt: at.toISOString() });
    return worklog!;
  }

  /**
   * Removes an issue with its comments and worklogs (Jira sends no events for those: no
   * cascading events); the worklogs leave tombstones, as they do in Jira.
   */
  deleteIssue(idOrKey: string, at: Date = new Date()): SimIssue {
    const issue = this.requireIssue(idOrKey);
    this.data.issues = this.data.issues.filter((i) => i !== issue);
    this.data.comments = this.data.comments.filter((c) => c.issueId !== issue.id);
    const deletedAt = at.toISOString();
    for (const w of this.data.worklogs) if (w.issueId === issue.id) this.data.deletedWorklogs.push({ worklogId: w.id, issueId: w.issueId, deletedAt });
    this.data.worklogs = this.data.worklogs.filter((w) => w.issueId !== issue.id);
    return issue;
  }
}
