import { isHumanAccount, licencesOf } from '../../src/domain/licences';

describe('licencesOf', () => {
  it('shows each product once, named as users know it', () => {
    expect(licencesOf([{ key: 'jira-software' }, { key: 'jira-software' }, { key: 'jira-product-discovery' }])).toEqual([
      { productKey: 'jira-product-discovery', name: 'Jira Product Discovery' },
      { productKey: 'jira-software', name: 'Jira Software' },
    ]);
  });

  it('does not count Jira Work Management again when Software or Service Management includes it', () => {
    expect(licencesOf([{ key: 'jira-core' }, { key: 'jira-software' }]).map((l) => l.productKey)).toEqual(['jira-software']);
    expect(licencesOf([{ key: 'jira-servicedesk' }, { key: 'jira-core' }]).map((l) => l.productKey)).toEqual(['jira-servicedesk']);
    expect(licencesOf([{ key: 'jira-core' }])).toEqual([{ productKey: 'jira-core', name: 'Jira Work Management' }]);
  });

  it('keeps a product it does not know under the name Jira gives it', () => {
    expect(licencesOf([{ key: 'jira-future', name: 'Jira Future' }, { key: 'jira-nameless' }])).toEqual([
      { productKey: 'jira-future', name: 'Jira Future' },
      { productKey: 'jira-nameless', name: 'jira-nameless' },
    ]);
  });

  it('has no licence for no product', () => {
    expect(licencesOf([])).toEqual([]);
  });
});

describe('isHumanAccount', () => {
  it('counts people, not apps or customers', () => {
    expect(['atlassian', 'app', 'customer', undefined].map(isHumanAccount)).toEqual([true, false, false, false]);
  });
});
