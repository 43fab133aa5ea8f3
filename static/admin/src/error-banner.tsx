/** A resolver error that belongs to no single field, shown as a section message and announced. */
import SectionMessage from '@atlaskit/section-message';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { errorText } from './resolver-errors';

export function ErrorBanner({ error, testId, id }: { error: ResolverError | undefined; testId: string; id?: string }) {
  return (
    <div role="alert" {...(id !== undefined ? { id } : {})}>
      {error ? (
        <SectionMessage appearance="error" testId={testId}>
          {errorText(error)}
        </SectionMessage>
      ) : null}
    </div>
  );
}
