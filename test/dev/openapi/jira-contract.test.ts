/**
 * The conformance checker against Atlassian's real Jira platform OpenAPI document, with
 * hand-written exchanges: each "fails" case is a mistake a simulated server or client
 * could plausibly make, and each "passes" case guards against the checker being stricter
 * than the document.
 */
import {
  DEFAULT_JIRA_CONTRACT_FILE,
  type RecordedExchange,
  loadJiraContract,
} from '../../../dev/platform/openapi/jira-contract';

const contract = loadJiraContract();
const SITE = 'https://okr-sync.atlassian.net';

const problemsOf = (problems: Array<{ problem: string }>): string[] => problems.map((entry) => entry.problem);

const statusDetails = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  self: `${SITE}/rest/api/3/status/3`,
  description: 'This issue is being actively worked on at the moment by the assignee.',
  iconUrl: `${SITE}/images/icons/statuses/inprogress.png`,
  name: 'In Progress',
  id: '3',
  statusCategory: { self: `${SITE}/rest/api/3/statuscategory/4`, id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  ...overrides,
});

const getStatuses = (responseBody: unknown, status = 200): RecordedExchange => ({
  method: 'GET',
  url: '/rest/api/3/status',
  status,
  responseBody,
});

describe('loadJiraContract', () => {
  it('reads the shared document once per file and sees all of its paths', () => {
    expect(loadJiraContract()).toBe(contract);
    expect(loadJiraContract(DEFAULT_JIRA_CONTRACT_FILE)).toBe(contract);
    expect(contract.pathCount).toBe(417);
  });

  it('fails loudly for a missing document', () => {
    expect(() => loadJiraContract('/nonexistent/openapi.json')).toThrow(/ENOENT/);
  });
});

describe('findOperation', () => {
  it.each([
    ['GET', '/rest/api/3/user/email/bulk?accountId=abc', '/rest/api/3/user/email/bulk', 'getUserEmailBulk'],
    ['GET', '/rest/api/3/users/search', '/rest/api/3/users/search', 'getAllUsers'],
    ['GET', '/rest/api/3/issue/10001', '/rest/api/3/issue/{issueIdOrKey}', 'getIssue'],
    ['GET', '/rest/api/3/search/jql', '/rest/api/3/search/jql', 'searchAndReconsileIssuesUsingJql'],
    ['POST', '/rest/api/3/search/jql', '/rest/api/3/search/jql', 'searchAndReconsileIssuesUsingJqlPost'],
    ['GET', '/rest/api/3/status', '/rest/api/3/status', 'getStatuses'],
    ['GET', '/rest/api/3/statuscategory', '/rest/api/3/statuscategory', 'getStatusCategories'],
    ['GET', '/rest/api/3/statuscategory/4', '/rest/api/3/statuscategory/{idOrKey}', 'getStatusCategory'],
    // "search" would also fit /project/{projectIdOrKey}: the literal template must win.
    ['GET', '/rest/api/3/project/search', '/rest/api/3/project/search', 'searchProjects'],
    ['GET', '/rest/api/3/project/OKR', '/rest/api/3/project/{projectIdOrKey}', 'getProject'],
  ])('%s %s -> %s', (method, url, pathTemplate, operationId) => {
    expect(contract.findOperation(method, url)).toMatchObject({ pathTemplate, operationId });
  });

  it('decodes path parameters', () => {
    expect(contract.findOperation('get', '/rest/api/3/issue/OKR%2D7')?.pathParams).toEqual({ issueIdOrKey: 'OKR-7' });
  });

  it('treats templates differing only in placeholder names as one route, picked by method', () => {
    // The document has PUT on /field/{fieldId} and DELETE on /field/{id}.
    expect(contract.findOperation('PUT', '/rest/api/3/field/customfield_10000')?.pathTemplate).toBe('/rest/api/3/field/{fieldId}');
    expect(contract.findOperation('DELETE', '/rest/api/3/field/customfield_10000')?.pathTemplate).toBe('/rest/api/3/field/{id}');
  });

  it('finds nothing for an undocumented path or method', () => {
    expect(contract.findOperation('GET', '/rest/api/3/okr/links')).toBeUndefined();
    expect(contract.findOperation('DELETE', '/rest/api/3/status')).toBeUndefined();
    expect(contract.findOperation('GET', '/rest/api/3/status/')).toBeUndefined();
  });
});

describe('checkResponse: GET /rest/api/3/status', () => {
  it('passes a documented array of StatusDetails with statusCategory', () => {
    expect(contract.checkExchange(getStatuses([statusDetails(), statusDetails({ id: '10001', name: 'Done' })]))).toEqual([]);
  });

  it('fails a wrong type deep inside the array and says where', () => {
    const wrong = statusDetails({ statusCategory: { id: '4', key: 'indeterminate', colorName: 'yellow', name: 'In Progress' } });
    expect(contract.checkResponse(getStatuses([wrong]))).toEqual([
      { exchange: 'GET /rest/api/3/status -> 200', problem: 'response body at /0/statusCategory/id: must be integer' },
    ]);
  });

  it('fails an object where the document says array', () => {
    expect(problemsOf(contract.checkResponse(getStatuses({ values: [statusDetails()] })))).toEqual(['response body: must be array']);
  });

  it('keeps additionalProperties: true where the document says so (StatusDetails is open)', () => {
    expect(contract.checkResponse(getStatuses([statusDetails({ untranslatedName: 'In Progress' })]))).toEqual([]);
  });

  it('fails an undocumented status and accepts a documented bodiless one', () => {
    expect(problemsOf(contract.checkResponse(getStatuses(undefined, 500)))).toEqual([
      'status 500 is not documented for getStatuses (documented: 200, 401)',
    ]);
    expect(contract.checkResponse(getStatuses(undefined, 401))).toEqual([]);
  });

  it('fails a 200 that should carry JSON but has no body', () => {
    expect(problemsOf(contract.checkResponse(getStatuses(undefined)))).toEqual([
      'status 200 documents a JSON body, but none was returned',
    ]);
  });
});

describe('checkResponse: additionalProperties: false catches invented fields', () => {
  it('fails a misspelled field in the search/jql page', () => {
    const exchange: RecordedExchange = {
      method: 'POST',
      url: '/rest/api/3/search/jql',
      requestBody: { jql: 'project = OKR' },
      status: 200,
      responseBody: { issues: [], isLast: false, nextPageTokn: 'CAEaAggD' },
    };
    expect(problemsOf(contract.checkResponse(exchange))).toEqual([
      'response body: unexpected property "nextPageTokn" (schema has additionalProperties: false)',
    ]);
  });

  it('fails an issue field placed at the top level of IssueBean instead of under fields', () => {
    const issue = { id: '10001', key: 'OKR-1', self: `${SITE}/rest/api/3/issue/10001`, fields: { summary: 'Ship it' } };
    const exchange = (body: unknown): RecordedExchange => ({ method: 'GET', url: '/rest/api/3/issue/OKR-1', status: 200, responseBody: body });
    expect(contract.checkResponse(exchange(issue))).toEqual([]);
    expect(problemsOf(contract.checkResponse(exchange({ ...issue, summary: 'Ship it' })))).toEqual([
      'response body: unexpected property "summary" (schema has additionalProperties: false)',
    ]);
  });

  it('checks formats: IssueBean.self must be an absolute URI, not a relative link', () => {
    const exchange: RecordedExchange = {
      method: 'GET',
      url: '/rest/api/3/issue/10001',
      status: 200,
      responseBody: { id: '10001', key: 'OKR-1', self: '/rest/api/3/issue/10001' },
    };
    expect(problemsOf(contract.checkResponse(exchange))).toEqual(['response body at /self: must match format "uri"']);
  });
});

describe('checkResponse: GET /rest/api/3/mypermissions', () => {
  const administer = {
    id: '0',
    key: 'ADMINISTER',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description: 'Create and administer projects, issue types, fields, workflows, and schemes for all projects.',
    havePermission: true,
  };
  const exchange = (responseBody: unknown): RecordedExchange => ({
    method: 'GET',
    url: '/rest/api/3/mypermissions?permissions=ADMINISTER',
    status: 200,
    responseBody,
  });

  it('passes the documented Permissions map of UserPermission', () => {
    expect(contract.checkExchange(exchange({ permissions: { ADMINISTER: administer } }))).toEqual([]);
  });

  it('fails a misspelled top-level key and a non-boolean havePermission', () => {
    expect(problemsOf(contract.checkResponse(exchange({ permission: { ADMINISTER: administer } })))).toEqual([
      'response body: unexpected property "permission" (schema has additionalProperties: false)',
    ]);
    expect(problemsOf(contract.checkResponse(exchange({ permissions: { ADMINISTER: { ...administer, havePermission: 'yes' } } })))).toEqual([
      'response body at /permissions/ADMINISTER/havePermission: must be boolean',
    ]);
  });

  it('fails a permission type outside the documented enum', () => {
    expect(problemsOf(contract.checkResponse(exchange({ permissions: { ADMINISTER: { ...administer, type: 'SITE' } } })))).toEqual([
      'response body at /permissions/ADMINISTER/type: must be one of ["GLOBAL","PROJECT"]',
    ]);
  });
});

describe('checkResponse: nullable and bodiless statuses', () => {
  const groups = (responseBody: unknown): RecordedExchange => ({
    method: 'GET',
    url: '/rest/api/3/user/groups?accountId=5b10a2844c20165700ede21g',
    status: 200,
    responseBody,
  });

  it('accepts null for a nullable field (GroupName.groupId) but not another type', () => {
    expect(contract.checkExchange(groups([{ name: 'jira-software-users', groupId: null }]))).toEqual([]);
    expect(problemsOf(contract.checkResponse(groups([{ name: 'jira-software-users', groupId: 42 }])))).toEqual([
      'response body at /0/groupId: must be string,null',
    ]);
  });

  it('rejects a body on 204 even though Jira documents 204s with an empty JSON schema', () => {
    const deleted = (responseBody?: unknown): RecordedExchange => ({
      method: 'DELETE',
      url: '/rest/api/3/issue/OKR-1',
      status: 204,
      ...(responseBody === undefined ? {} : { responseBody }),
    });
    expect(contract.checkExchange(deleted())).toEqual([]);
    expect(problemsOf(contract.checkResponse(deleted({ ok: true })))).toEqual(['status 204 must not carry a body']);
  });
});

describe('checkRequest: paths and methods', () => {
  it('fails an undocumented path, once per exchange', () => {
    const exchange: RecordedExchange = { method: 'GET', url: '/rest/api/3/okr/links?issue=OKR-1', status: 200, responseBody: [] };
    expect(problemsOf(contract.checkExchange(exchange))).toEqual(['no documented path matches /rest/api/3/okr/links']);
    expect(problemsOf(contract.checkResponse(exchange))).toEqual(['no documented path matches /rest/api/3/okr/links']);
  });

  it('fails an undocumented method and lists the documented ones', () => {
    expect(problemsOf(contract.checkRequest({ method: 'DELETE', url: '/rest/api/3/status', status: 204 }))).toEqual([
      'DELETE is not documented for /rest/api/3/status (documented: GET)',
    ]);
  });

  it('fails a body sent to an operation that takes none', () => {
    expect(problemsOf(contract.checkRequest({ ...getStatuses([]), requestBody: { jql: 'x' } }))).toEqual([
      'request body sent, but the operation declares no request body',
    ]);
  });
});

describe('checkRequest: query parameters', () => {
  const get = (url: string): RecordedExchange => ({ method: 'GET', url, status: 200 });

  it('passes declared parameters, with array parameters repeated or comma-separated', () => {
    expect(contract.checkRequest(get('/rest/api/3/search/jql?jql=project%20%3D%20OKR&fields=summary,status&fields=labels&maxResults=50&nextPageToken=CAEaAggD'))).toEqual([]);
    expect(contract.checkRequest(get('/rest/api/3/project/search?id=10000&id=10001&action=browse&status=live,archived'))).toEqual([]);
  });

  it('fails an undeclared parameter (startAt does not exist on the enhanced search)', () => {
    expect(problemsOf(contract.checkRequest(get('/rest/api/3/search/jql?jql=project%3DOKR&startAt=50')))).toEqual([
      expect.stringMatching(/^query parameter "startAt" is not declared \(declared: .*nextPageToken/),
    ]);
  });

  it('fails a missing required parameter, and passes once it is given (repeatably)', () => {
    expect(problemsOf(contract.checkRequest(get('/rest/api/3/user/email/bulk')))).toEqual([
      'required query parameter "accountId" is missing',
    ]);
    expect(contract.checkRequest(get('/rest/api/3/user/email/bulk?accountId=5b10a2844c20165700ede21g&accountId=5b10ac8d82e05b22cc7d4ef5'))).toEqual([]);
  });

  it('fails values that do not fit the declared type or enum', () => {
    expect(problemsOf(contract.checkRequest(get('/rest/api/3/search/jql?jql=x&maxResults=fifty')))).toEqual([
      'query parameter "maxResults": must be integer',
    ]);
    expect(problemsOf(contract.checkRequest(get('/rest/api/3/project/search?action=delete')))).toEqual([
      'query parameter "action": must be one of ["view","browse","edit","create"]',
    ]);
    expect(problemsOf(contract.checkRequest(get('/rest/api/3/project/search?id=10000,OKR')))).toEqual([
      'query parameter "id" at /1: must be integer',
    ]);
  });

  it('fails a single-valued parameter given twice', () => {
    expect(problemsOf(contract.checkRequest(get('/rest/api/3/search/jql?jql=a&jql=b')))).toEqual([
      'query parameter "jql": given 2 times but is a single value',
    ]);
  });
});

describe('checkRequest: POST /rest/api/3/search/jql body', () => {
  const search = (requestBody?: unknown): RecordedExchange => ({
    method: 'POST',
    url: '/rest/api/3/search/jql',
    status: 200,
    responseBody: { issues: [], isLast: true },
    ...(requestBody === undefined ? {} : { requestBody }),
  });

  it('passes a valid body (search/jql documents both GET and POST)', () => {
    const body = { jql: 'project = OKR AND updated >= -1d', fields: ['summary', 'status'], maxResults: 50, nextPageToken: 'CAEaAggD', fieldsByKeys: false };
    expect(contract.checkExchange(search(body))).toEqual([]);
  });

  it('fails an undeclared body field, a string where an array is documented, and a missing body', () => {
    expect(problemsOf(contract.checkRequest(search({ jql: 'project = OKR', startAt: 0 })))).toEqual([
      'request body: unexpected property "startAt" (schema has additionalProperties: false)',
    ]);
    expect(problemsOf(contract.checkRequest(search({ jql: 'project = OKR', fields: 'summary,status' })))).toEqual([
      'request body at /fields: must be array',
    ]);
    expect(problemsOf(contract.checkRequest(search()))).toEqual(['required request body is missing']);
  });
});

describe('checkRequest: discriminated oneOf (POST /rest/api/3/expression/evaluate)', () => {
  const evaluate = (custom: unknown): RecordedExchange => ({
    method: 'POST',
    url: '/rest/api/3/expression/evaluate',
    status: 200,
    requestBody: { expression: 'issue.key', context: { issue: { key: 'OKR-1' }, custom } },
  });

  it('passes custom context variables that plain oneOf would reject as ambiguous', () => {
    // {type:'issue', key} matches both IssueContextVariable and JsonContextVariable;
    // only the discriminator mapping makes it valid.
    const custom = [
      { type: 'issue', key: 'OKR-1' },
      { type: 'user', accountId: '5b10a2844c20165700ede21g' },
      { type: 'json', value: { weight: 2 } },
    ];
    expect(contract.checkRequest(evaluate(custom))).toEqual([]);
  });

  it('validates a variable against the branch its type selects', () => {
    expect(problemsOf(contract.checkRequest(evaluate([{ type: 'user' }])))).toEqual([
      "request body at /context/custom/0: must have required property 'accountId'",
    ]);
    expect(problemsOf(contract.checkRequest(evaluate([{ type: 'issue', id: 'OKR-1' }])))).toEqual([
      'request body at /context/custom/0/id: must be integer',
    ]);
  });
});
