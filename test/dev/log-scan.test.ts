import { DEMO_PEOPLE, DEMO_WORKSPACE } from '../../dev/demo/demo-directory';
import { findLeaks } from '../support/log-scan/find-leaks';

describe('the scan of the run’s console output', () => {
  const hidden = DEMO_PEOPLE.find((p) => p.emailHidden)!;
  const shown = DEMO_PEOPLE.find((p) => !p.emailHidden)!;

  it('finds each kind of secret, naming the suite and what leaked but never the value', () => {
    const leaks = findLeaks([
      { suite: 'test/a.test.ts', line: `secret=whsec_${Buffer.alloc(32, 1).toString('base64')}` },
      { suite: 'test/b.test.ts', line: 'headers: { authorization: "Basic YWRhOnNlY3JldC10b2tlbg==" }' },
      { suite: 'test/c.test.ts', line: `token ${DEMO_WORKSPACE.apiToken}` },
      { suite: 'test/d.test.ts', line: `{"email":"${hidden.email.toUpperCase()}"}` },
    ]);
    expect(leaks).toEqual(['test/a.test.ts: a whsec_ signing secret', 'test/b.test.ts: an Authorization value', 'test/c.test.ts: the demo API token', `test/d.test.ts: the hidden email of ${hidden.displayName}`]);
    expect(leaks.join(' ')).not.toContain(DEMO_WORKSPACE.apiToken);
  });

  it('lets through what may be logged: ids, counts, a shown email, the words "whsec_ secret"', () => {
    expect(findLeaks([{ suite: 'x', line: `{"event":"connect.refused","reason":"its signingSecret is not a usable whsec_ secret","email":"${shown.email}"}` }])).toEqual([]);
  });
});
