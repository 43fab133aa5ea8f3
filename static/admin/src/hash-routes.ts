/**
 * The admin page's views in the iframe's URL hash, as plain functions (tested without a
 * browser): `#manage` is Manage Integration, `#manage/<section>` the same view opened at
 * one of its sections, anything else the landing view. A plain `#credentials` would leave
 * the manage view, so links to a section always go through manageSectionHref.
 */
export type Route = 'landing' | 'manage';

export const MANAGE_HREF = '#manage';
export const LANDING_HREF = '#';

export const routeOf = (hash: string): Route => (hash === MANAGE_HREF || hash.startsWith(`${MANAGE_HREF}/`) ? 'manage' : 'landing');

/** The section a `#manage/<section>` hash points at, if any. */
export const sectionOf = (hash: string): string | undefined => (hash.startsWith(`${MANAGE_HREF}/`) && hash.length > MANAGE_HREF.length + 1 ? hash.slice(MANAGE_HREF.length + 1) : undefined);

export const manageSectionHref = (section: string): string => `${MANAGE_HREF}/${section}`;
