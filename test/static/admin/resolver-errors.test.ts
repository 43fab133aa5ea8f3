import { errorField, errorText } from '../../../static/admin/src/resolver-errors';

describe('resolver errors on the page', () => {
  it('words a failed authentication the way admins expect, whatever the server said', () => {
    expect(errorText({ code: 'AUTH_FAILED', message: 'backend answered 401' })).toBe('Invalid email or API token');
  });

  it('shows other messages as the server wrote them (they name the server or the problem)', () => {
    expect(errorText({ code: 'UNREACHABLE', message: 'Could not reach okr.acme.example.com.' })).toBe('Could not reach okr.acme.example.com.');
  });

  it('puts an error under a field only when the form shows that field', () => {
    expect(errorField({ code: 'INVALID_INPUT', message: 'm', field: 'serverUrl' }, ['email', 'serverUrl'] as const)).toBe('serverUrl');
    expect(errorField({ code: 'INVALID_INPUT', message: 'm', field: 'weights' }, ['email', 'serverUrl'] as const)).toBeUndefined();
    expect(errorField({ code: 'INTERNAL', message: 'm' }, ['email'] as const)).toBeUndefined();
  });
});
