import Resolver from '@forge/resolver';
import { computeProgress } from '../domain/compute-progress';
import { readId, readObject } from '../domain/read-json';
import { listKeyResultsOfIssue, loadAggregate } from '../adapters/key-result-store';
import { loadSettings } from '../adapters/settings-store';
import { type ResolverResponse, failure, success } from './resolver-response';

export interface LinkedKeyResultView {
  keyResultId: string;
  progress: number | null;
  issueCount: number;
}

const resolver = new Resolver();

/**
 * The key results the viewed issue counts toward. The issue id comes from the panel's
 * invocation context (the issue the user is looking at), never from the payload.
 */
resolver.define('panel.getLinkedKeyResults', async ({ context }): Promise<ResolverResponse<LinkedKeyResultView[]>> => {
  const issueId = readId(readObject(readObject(context, 'extension'), 'issue'), 'id');
  if (!issueId || !context.accountId) return failure('FORBIDDEN', 'Open this panel from a Jira issue.');
  const [settings, keyResultIds] = await Promise.all([loadSettings(), listKeyResultsOfIssue(issueId)]);
  const views = await Promise.all(
    keyResultIds.map(async (keyResultId) => {
      const aggregate = await loadAggregate(keyResultId);
      const { progress, issueCount } = computeProgress(aggregate.counts, settings.weights);
      return { keyResultId, progress, issueCount };
    }),
  );
  return success(views);
});

export const issuePanelResolver = resolver.getDefinitions();
