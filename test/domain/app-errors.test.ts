import { ConfigurationError, PermanentError, TransientError } from '../../src/domain/app-errors';

describe('app errors', () => {
  it('TransientError keeps its message and retry hint, and is an Error', () => {
    const error = new TransientError('rate limited', 30);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.name).toBe('TransientError');
    expect(error.message).toBe('rate limited');
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('TransientError without a retry hint has retryAfterSeconds undefined', () => {
    expect(new TransientError('socket hang up').retryAfterSeconds).toBeUndefined();
  });

  it.each([
    ['PermanentError', PermanentError],
    ['ConfigurationError', ConfigurationError],
  ] as const)('%s keeps its name and message', (name, ErrorClass) => {
    const error = new ErrorClass('bad');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.message).toBe('bad');
    expect(String(error)).toBe(`${name}: bad`);
  });

  it('the three kinds are distinguishable with instanceof', () => {
    const errors = [new TransientError('t'), new PermanentError('p'), new ConfigurationError('c')];
    expect(errors.map((e) => [e instanceof TransientError, e instanceof PermanentError, e instanceof ConfigurationError])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ]);
  });
});
