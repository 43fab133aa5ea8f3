import { cloudIdFromInstallContext } from '../../src/domain/install-context';

const CLOUD_ID = 'ad5b6e3d-8a2f-4c2b-9f7e-2b1f0c4e5d6a';

describe('cloudIdFromInstallContext', () => {
  it('reads the uuid of ari:cloud:jira::site/<uuid>', () => {
    expect(cloudIdFromInstallContext(`ari:cloud:jira::site/${CLOUD_ID}`)).toBe(CLOUD_ID);
  });

  it('keeps upper-case hex as it is', () => {
    expect(cloudIdFromInstallContext('ari:cloud:jira::site/AD5B6E3D-8A2F-4C2B-9F7E-2B1F0C4E5D6A')).toBe('AD5B6E3D-8A2F-4C2B-9F7E-2B1F0C4E5D6A');
  });

  it('accepts other products of the same site form (the resource owner is not checked)', () => {
    expect(cloudIdFromInstallContext(`ari:cloud:confluence::site/${CLOUD_ID}`)).toBe(CLOUD_ID);
  });

  it.each([
    ['the bare uuid', CLOUD_ID],
    ['an empty string', ''],
    ['a workspace ari', `ari:cloud:jira::workspace/${CLOUD_ID}`],
    ['an app ari', `ari:cloud:ecosystem::app/${CLOUD_ID}`],
    ['a site ari with an extra path', `ari:cloud:jira::site/${CLOUD_ID}/extra`],
    ['a site ari with a trailing newline', `ari:cloud:jira::site/${CLOUD_ID}\n`],
    ['a site ari with leading text', `x ari:cloud:jira::site/${CLOUD_ID}`],
    ['a site id that is not hex', 'ari:cloud:jira::site/not-a-uuid-at-all'],
    ['a site id too short', 'ari:cloud:jira::site/abc123'],
    ['no site id', 'ari:cloud:jira::site/'],
    ['a product in upper case', `ari:cloud:JIRA::site/${CLOUD_ID}`],
    ['a single colon before site', `ari:cloud:jira:site/${CLOUD_ID}`],
  ])('is undefined for %s', (_label, value) => {
    expect(cloudIdFromInstallContext(value)).toBeUndefined();
  });

  it.each([[undefined], [null], [42], [{ installContext: `ari:cloud:jira::site/${CLOUD_ID}` }], [[`ari:cloud:jira::site/${CLOUD_ID}`]]])(
    'is undefined for the non-string %p',
    (value) => {
      expect(cloudIdFromInstallContext(value)).toBeUndefined();
    },
  );
});
