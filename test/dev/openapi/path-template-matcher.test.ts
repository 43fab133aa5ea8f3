/** Path template matching rules, on a small synthetic template set. */
import { PathTemplateMatcher } from '../../../dev/platform/openapi/path-template-matcher';

const matcher = new PathTemplateMatcher([
  '/user/{accountId}/bulk',
  '/user/email/bulk',
  '/user/{accountId}',
  '/item/{a}/x/{b}',
  '/item/{a}/{b}/y',
  '/field/{fieldId}',
  '/field/{id}',
]);
const templates = (path: string): string[] => matcher.match(path).map((match) => match.template);

describe('PathTemplateMatcher', () => {
  it('prefers a literal segment over a placeholder, whatever the declaration order', () => {
    expect(templates('/user/email/bulk')).toEqual(['/user/email/bulk']);
    expect(templates('/user/5b10ac8d/bulk')).toEqual(['/user/{accountId}/bulk']);
  });

  it('compares specificity left to right', () => {
    // Both match /item/1/x/y; the first differing segment (x vs {b}) decides.
    expect(templates('/item/1/x/y')).toEqual(['/item/{a}/x/{b}']);
  });

  it('returns every template that differs only in placeholder names', () => {
    expect(matcher.match('/field/customfield_1')).toEqual([
      { template: '/field/{fieldId}', pathParams: { fieldId: 'customfield_1' } },
      { template: '/field/{id}', pathParams: { id: 'customfield_1' } },
    ]);
  });

  it('keeps an encoded slash inside one parameter and decodes it', () => {
    expect(matcher.match('/user/a%2Fb')).toEqual([{ template: '/user/{accountId}', pathParams: { accountId: 'a/b' } }]);
  });

  it('matches neither empty parameters, extra segments, nor trailing slashes', () => {
    expect(templates('/user/')).toEqual([]);
    expect(templates('/user/email/bulk/more')).toEqual([]);
    expect(templates('/user/email/bulk/')).toEqual([]);
  });

  it('refuses partial-segment templates it cannot match faithfully', () => {
    expect(() => new PathTemplateMatcher(['/files/{name}.json'])).toThrow(/unsupported partial path template/);
  });
});
