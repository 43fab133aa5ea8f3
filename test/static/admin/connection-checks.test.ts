import { checkConnectionInput } from '../../../static/admin/src/connection-checks';

const valid = { email: 'ada.admin@acme.example.com', serverUrl: 'https://acme.okr.example.com', apiToken: 'okr_token' };
const strict = { requireToken: true, allowLoopbackHttp: false };

describe('connect form checks (before any request)', () => {
  it('accepts a complete https connection', () => {
    expect(checkConnectionInput(valid, strict)).toEqual({});
  });

  it('names each empty mandatory field with its own message', () => {
    const errors = checkConnectionInput({ email: ' ', serverUrl: '', apiToken: '' }, strict);
    expect(errors.email).toMatch(/enter the email/i);
    expect(errors.serverUrl).toMatch(/enter the url/i);
    expect(errors.apiToken).toMatch(/enter the api token/i);
  });

  it.each(['ada', 'ada@', '@acme.example.com', 'ada@acme', 'ada admin@acme.example.com'])('refuses the malformed email %p', (email) => {
    expect(checkConnectionInput({ ...valid, email }, strict)).toEqual({ email: 'Enter a valid email address, like name@example.com.' });
  });

  it('refuses a URL that does not parse, and one that is not https', () => {
    expect(checkConnectionInput({ ...valid, serverUrl: 'acme.okr.example.com' }, strict).serverUrl).toMatch(/full URL/);
    expect(checkConnectionInput({ ...valid, serverUrl: 'http://acme.okr.example.com' }, strict).serverUrl).toMatch(/https/);
    expect(checkConnectionInput({ ...valid, serverUrl: 'ftp://acme.okr.example.com' }, strict).serverUrl).toMatch(/https/);
  });

  it('allows plain http only to this machine, and only outside production', () => {
    const dev = { requireToken: true, allowLoopbackHttp: true };
    expect(checkConnectionInput({ ...valid, serverUrl: 'http://127.0.0.1:4010' }, dev)).toEqual({});
    expect(checkConnectionInput({ ...valid, serverUrl: 'http://localhost:4010/' }, dev)).toEqual({});
    expect(checkConnectionInput({ ...valid, serverUrl: 'http://127.0.0.1:4010' }, strict).serverUrl).toMatch(/https/);
    expect(checkConnectionInput({ ...valid, serverUrl: 'http://10.0.0.5:4010' }, dev).serverUrl).toMatch(/https/);
  });

  it('lets a connected site leave the token blank (the stored one is kept)', () => {
    expect(checkConnectionInput({ ...valid, apiToken: '' }, { requireToken: false, allowLoopbackHttp: false })).toEqual({});
  });
});
