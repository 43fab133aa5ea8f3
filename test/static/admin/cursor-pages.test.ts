import { FIRST_PAGE, currentCursor, hasPrevious, nextPage, pageNumber, previousPage } from '../../../static/admin/src/cursor-pages';

describe('cursor pagination', () => {
  it('starts on page 1 with no cursor and nothing before it', () => {
    expect(currentCursor(FIRST_PAGE)).toBeUndefined();
    expect(pageNumber(FIRST_PAGE)).toBe(1);
    expect(hasPrevious(FIRST_PAGE)).toBe(false);
    expect(previousPage(FIRST_PAGE)).toBe(FIRST_PAGE);
  });

  it('goes forward with the server cursor and back to the exact cursors already seen', () => {
    const page3 = nextPage(nextPage(FIRST_PAGE, 'c2'), 'c3');
    expect(pageNumber(page3)).toBe(3);
    expect(currentCursor(page3)).toBe('c3');
    const page2 = previousPage(page3);
    expect(currentCursor(page2)).toBe('c2');
    expect(currentCursor(previousPage(page2))).toBeUndefined();
  });
});
