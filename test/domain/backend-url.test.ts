import { checkBackendUrl, egressAllowsHost, formatBackendUrl } from '../../src/domain/backend-url';

const EGRESS = ['*.okr-backend.example.com', 'okr.acme.test'];
const dev = { environmentType: 'DEVELOPMENT' as const, egress: EGRESS };
const prod = { environmentType: 'PRODUCTION' as const, egress: EGRESS };

describe('egressAllowsHost', () => {
  it.each([
    ['acme.okr-backend.example.com', true],
    ['a.b.okr-backend.example.com', true],
    ['okr-backend.example.com', false],
    ['evilokr-backend.example.com', false],
    ['okr.acme.test', true],
    ['x.okr.acme.test', false],
    ['ACME.OKR-BACKEND.EXAMPLE.COM', true],
  ])('%s → %s', (host, allowed) => expect(egressAllowsHost(EGRESS, host)).toBe(allowed));
});

describe('checkBackendUrl', () => {
  it('accepts an https URL on an allowed host and normalises a trailing slash away', () => {
    const result = checkBackendUrl(' https://acme.okr-backend.example.com/workspace/ ', prod);
    expect(result.ok && formatBackendUrl(result.value)).toBe('https://acme.okr-backend.example.com/workspace');
    const bare = checkBackendUrl('https://acme.okr-backend.example.com', prod);
    expect(bare.ok && formatBackendUrl(bare.value)).toBe('https://acme.okr-backend.example.com');
  });

  it.each([
    ['not a url', /full workspace URL/],
    ['ftp://acme.okr-backend.example.com', /must start with https/],
    ['http://acme.okr-backend.example.com', /must start with https/],
    ['https://u:p@acme.okr-backend.example.com', /user name or password/],
    ['https://acme.okr-backend.example.com/#x', /fragment/],
    ['https://localhost', /localhost/],
    ['https://127.0.0.1', /localhost/],
    ['https://10.0.0.8', /IP address/],
    ['https://[2001:db8::1]', /IP address/],
    ['https://okr.other.example', /is not allowed/],
  ])('in production refuses %s', (url, message) => {
    const result = checkBackendUrl(url, prod);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.field).toBe('serverUrl');
      expect(result.error.message).toMatch(message);
    }
  });

  it('outside production allows loopback over http (the sandbox), but nothing else new', () => {
    expect(checkBackendUrl('http://127.0.0.1:4100', dev).ok).toBe(true);
    expect(checkBackendUrl('http://localhost:4100', dev).ok).toBe(true);
    expect(checkBackendUrl('http://10.0.0.8', dev).ok).toBe(false);
    expect(checkBackendUrl('https://okr.other.example', dev).ok).toBe(false);
  });

  it('names the field it was asked to check', () => {
    const result = checkBackendUrl('http://hooks.other.example', prod, 'webhookUrl');
    expect(!result.ok && result.error.field).toBe('webhookUrl');
  });
});
