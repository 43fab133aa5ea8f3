import { type AppSettings, progressRulesOf } from '../domain/app-settings';
import { computeProgress } from '../domain/compute-progress';
import { isDirectLink, isJqlMatch } from '../domain/key-result-state';
import { listKeyResultsOfIssue, loadKeyResultSnapshot, loadLink } from '../adapters/key-result-store';
import { lookUpTitles } from '../adapters/key-result-titles';
import { userCanEditIssue } from '../adapters/issue-permissions';
import type { PanelKeyResult, PanelLinkState, PanelView } from '../domain/issue-panel-view';
import { mayLinkIssues } from './link-access';

export const READ_ONLY_BY_ACCESS = 'Your Jira administrator allows only selected users to link issues to key results.';
export const READ_ONLY_BY_EDIT = 'You need permission to edit this issue to link it to key results.';
export const READ_ONLY_NOT_CONNECTED = 'A Jira administrator has not connected OKR Sync to an OKR workspace yet.';

export type LinkPermission = { canLink: true } | { canLink: false; reason: string };

/** Who may link here: User Access Control first (no Jira call), then edit permission on the issue, asked as the user. */
export async function linkPermission(accountId: string, issueId: string): Promise<LinkPermission> {
  if (!(await mayLinkIssues(accountId))) return { canLink: false, reason: READ_ONLY_BY_ACCESS };
  if (!(await userCanEditIssue(issueId))) return { canLink: false, reason: READ_ONLY_BY_EDIT };
  return { canLink: true };
}

const stateOf = (settings: AppSettings): PanelLinkState => (!settings.connection ? 'not-connected' : settings.progressUpdatesEnabled ? 'active' : 'paused');

/**
 * What the panel shows for one issue and one viewer (`knownPermission`: the check a link
 * or unlink just made, so it is not asked twice). Progress is the app's stored totals;
 * titles come from the OKR backend (cached), and a backend that cannot be reached only
 * costs the titles.
 */
export async function buildPanelView(settings: AppSettings, accountId: string, issueId: string, knownPermission?: LinkPermission): Promise<PanelView> {
  const state = stateOf(settings);
  const permission = !settings.connection ? ({ canLink: false, reason: READ_ONLY_NOT_CONNECTED } as const) : (knownPermission ?? (await linkPermission(accountId, issueId)));
  const keyResultIds = await listKeyResultsOfIssue(issueId);
  const [snapshots, links, titles] = await Promise.all([
    Promise.all(keyResultIds.map((id) => loadKeyResultSnapshot(id))),
    Promise.all(keyResultIds.map((id) => loadLink(id, issueId))),
    settings.connection ? lookUpTitles(settings.connection, keyResultIds) : Promise.resolve(new Map()),
  ]);
  const keyResults: PanelKeyResult[] = snapshots.map(({ aggregate, computedAt }, i) => {
    const link = links[i];
    const { progress, issueCount } = computeProgress(aggregate.counts, progressRulesOf(settings), aggregate.statuses);
    const title = titles.get(aggregate.keyResultId);
    return {
      keyResultId: aggregate.keyResultId,
      title: title?.title ?? null,
      objective: title?.objective ?? null,
      progress,
      counts: { ...aggregate.counts },
      issueCount,
      linkedVia: link && isJqlMatch(link) ? (isDirectLink(link) ? 'direct-and-jql' : 'jql') : 'direct',
      computedAt,
    };
  });
  return { state, canLink: permission.canLink, readOnlyReason: permission.canLink ? null : permission.reason, keyResults };
}
