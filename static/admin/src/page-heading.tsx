/**
 * The h1 of a view. When the admin moves between views, focus goes to the new heading, so
 * keyboard and screen-reader users land at the top of what just appeared.
 */
import Heading from '@atlaskit/heading';
import { useEffect } from 'react';

let firstViewShown = false;

export function PageHeading({ id, children }: { id: string; children: string }) {
  useEffect(() => {
    // The first view is where the page starts: moving focus there would only steal it from the host.
    if (!firstViewShown) {
      firstViewShown = true;
      return;
    }
    const heading = document.getElementById(id);
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, [id]);
  return (
    <Heading size="large" as="h1" id={id}>
      {children}
    </Heading>
  );
}
