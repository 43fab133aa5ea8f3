/**
 * The page's two views live in the iframe's URL hash (#manage), so the browser's Back
 * button and the in-page Back link agree.
 */
import { useEffect, useState } from 'react';

export type Route = 'landing' | 'manage';

const routeOf = (hash: string): Route => (hash === '#manage' ? 'manage' : 'landing');

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.hash));
  useEffect(() => {
    const onHashChange = () => setRoute(routeOf(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return route;
}

export const MANAGE_HREF = '#manage';
export const LANDING_HREF = '#';
