/**
 * The page's two views live in the iframe's URL hash (#manage), so the browser's Back
 * button and the in-page Back link agree; `#manage/<section>` opens the manage view at a
 * section (see hash-routes.ts).
 */
import { useEffect, useState } from 'react';
import { type Route, routeOf, sectionOf } from './hash-routes';

export { type Route, LANDING_HREF, MANAGE_HREF, manageSectionHref } from './hash-routes';

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.hash));
  useEffect(() => {
    const onHashChange = () => setRoute(routeOf(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return route;
}

/**
 * On the manage view: whenever the hash names a section, that section's heading (id
 * `<section>-heading`) is scrolled to and takes the focus, so the keyboard goes on from there.
 * Runs after the view's own heading took the focus (a parent's effects run after its children's).
 */
export function useSectionFocus(): void {
  useEffect(() => {
    const focusSection = () => {
      const section = sectionOf(window.location.hash);
      if (section) focusSectionHeading(section);
    };
    focusSection();
    window.addEventListener('hashchange', focusSection);
    return () => window.removeEventListener('hashchange', focusSection);
  }, []);
}

/** Scrolls to a section of the manage view and puts the focus on its heading. */
export function focusSectionHeading(section: string): void {
  const heading = document.getElementById(`${section}-heading`);
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
  heading.scrollIntoView({ block: 'start' });
}
