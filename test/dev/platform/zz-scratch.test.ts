import { loadJiraContract } from '../../../dev/platform/openapi/jira-contract';
it('x', () => {
  const c = loadJiraContract();
  console.log(JSON.stringify(c.checkExchange({ method: 'GET', url: '/rest/api/3/status', status: 200, responseBody: [{ id: 3, statusCategory: { id: '4' } }] })));
  console.log(JSON.stringify(c.checkExchange({ method: 'GET', url: '/rest/api/3/search/jql?jql=x&maxResults=2&fields=status', status: 200, responseBody: { issues: [{ id: 1, fields: 'x' }], isLast: 'no', nextPageToken: 5 } })));
  console.log(JSON.stringify(c.checkExchange({ method: 'GET', url: '/rest/api/3/myself', status: 401, responseBody: {errorMessages: []} })));
  console.log(JSON.stringify(c.checkExchange({ method: 'GET', url: '/rest/api/3/project/search', status: 200, responseBody: {values: [{id: 5, style: 'weird'}]} })));
  console.log(JSON.stringify(c.checkExchange({ method: 'GET', url: '/rest/api/3/mypermissions?permissions=ADMINISTER', status: 200, responseBody: {permissions: {ADMINISTER: {havePermission: 'yes', type: 'X'}}} })));
});
