/** A spinner that says what it waits for, to sighted users and screen readers alike. */
import { Inline, Text } from '@atlaskit/primitives';
import Spinner from '@atlaskit/spinner';

export function Loading({ label, testId }: { label: string; testId: string }) {
  return (
    <div role="status" data-testid={testId}>
      <Inline space="space.100" alignBlock="center">
        <Spinner size="medium" label={label} />
        {/* The spinner's label is what assistive technology reads; this is its visible twin. */}
        <span aria-hidden="true">
          <Text color="color.text.subtle">{label}…</Text>
        </span>
      </Inline>
    </div>
  );
}
