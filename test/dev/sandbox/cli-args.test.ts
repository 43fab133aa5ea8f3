import { DEFAULT_DATA_DIR, DEFAULT_PORT, parseSandboxArgs } from '../../../dev/sandbox/cli-args';

describe('parseSandboxArgs', () => {
  it('defaults to port 4700, .data/sandbox, connected, saved state', () => {
    expect(parseSandboxArgs([])).toEqual({ ok: true, args: { port: DEFAULT_PORT, dataDir: DEFAULT_DATA_DIR, fresh: false, connected: true, verbose: false, help: false } });
    expect(DEFAULT_PORT).toBe(4700);
  });

  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(parseSandboxArgs(['--port', '0', '--data-dir=/tmp/x', '--fresh', '--unconnected', '--verbose'])).toEqual({
      ok: true,
      args: { port: 0, dataDir: '/tmp/x', fresh: true, connected: false, verbose: true, help: false },
    });
    expect(parseSandboxArgs(['--port=4800'])).toMatchObject({ ok: true, args: { port: 4800 } });
  });

  it.each([
    [['--port'], /--port needs a number from 0 to 65535, got ""/],
    [['--port', 'abc'], /got "abc"/],
    [['--port', '70000'], /got "70000"/],
    [['--port', '-1'], /got "-1"/],
    [['--data-dir'], /--data-dir needs a folder/],
    [['--data-dir', '--fresh'], /--data-dir needs a folder/],
    [['--frsh'], /Unknown option "--frsh"/],
  ])('refuses %j with a message that says what is wrong', (argv, message) => {
    const parsed = parseSandboxArgs(argv);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(message);
  });
});
