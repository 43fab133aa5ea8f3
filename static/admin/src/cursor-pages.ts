/**
 * Server-side pagination with opaque cursors: the server only says "here is the next
 * page's cursor", so going back means remembering the cursors of the pages already seen.
 */
export interface CursorPages {
  /** cursors[i] fetches page i + 1; the first page has no cursor. */
  readonly cursors: ReadonlyArray<string | undefined>;
}

export const FIRST_PAGE: CursorPages = { cursors: [undefined] };

export const currentCursor = (pages: CursorPages): string | undefined => pages.cursors[pages.cursors.length - 1];
export const pageNumber = (pages: CursorPages): number => pages.cursors.length;
export const hasPrevious = (pages: CursorPages): boolean => pages.cursors.length > 1;

export const nextPage = (pages: CursorPages, nextCursor: string): CursorPages => ({ cursors: [...pages.cursors, nextCursor] });
export const previousPage = (pages: CursorPages): CursorPages => (hasPrevious(pages) ? { cursors: pages.cursors.slice(0, -1) } : pages);
