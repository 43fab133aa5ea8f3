import { DEMO_PEOPLE, DEMO_WORKSPACE } from '../../../dev/demo/demo-directory';

/** What must never be logged: named, with a pattern that finds it. */
const SECRETS: ReadonlyArray<{ what: string; pattern: RegExp }> = [
  { what: 'a whsec_ signing secret', pattern: /whsec_[A-Za-z0-9+/]{16,}/ },
  { what: 'an Authorization value', pattern: /\b(?:Basic|Bearer) [A-Za-z0-9+/=._-]{12,}/ },
  { what: 'the demo API token', pattern: new RegExp(DEMO_WORKSPACE.apiToken) },
  ...DEMO_PEOPLE.filter((p) => p.emailHidden).map((p) => ({ what: `the hidden email of ${p.displayName}`, pattern: new RegExp(p.email.replace(/[.+]/g, '\\$&'), 'i') })),
];

/** Each leak as "suite: what" (never the value itself). */
export function findLeaks(lines: ReadonlyArray<{ suite: string; line: string }>): string[] {
  const leaks = new Set<string>();
  for (const { suite, line } of lines) for (const { what, pattern } of SECRETS) if (pattern.test(line)) leaks.add(`${suite}: ${what}`);
  return [...leaks];
}
