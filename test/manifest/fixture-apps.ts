// Tiny Forge apps written to a temporary directory, to show that the offline lint really checks
// source: one web trigger whose handler calls Jira's "Get issue" without declaring read:jira-work.
import fs from 'fs';
import path from 'path';

const MANIFEST_WITHOUT_READ_JIRA_WORK = `modules:
  webtrigger:
    - key: fixture-get-issue
      function: get-issue
  function:
    - key: get-issue
      handler: index.getIssue
permissions:
  scopes:
    - storage:app
app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-0000000000f1
  runtime:
    name: nodejs22.x
`;

const SOURCE_CALLING_GET_ISSUE = `import api, { route } from '@forge/api';

export async function getIssue(request: { queryParameters?: Record<string, string[]> }) {
  const id = request.queryParameters?.['id']?.[0] ?? 'KR-1';
  const response = await api.asApp().requestJira(route\`/rest/api/3/issue/\${id}\`);
  return { statusCode: response.status, body: await response.text() };
}
`;

export interface FixtureAppOptions {
  /** Writes a tsconfig.json with this `include`; none is written when omitted. */
  tsconfigInclude?: string[];
}

export function writeGetIssueFixtureApp(dir: string, options: FixtureAppOptions = {}): void {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.yml'), MANIFEST_WITHOUT_READ_JIRA_WORK);
  fs.writeFileSync(path.join(dir, 'src', 'index.ts'), SOURCE_CALLING_GET_ISSUE);
  if (options.tsconfigInclude) {
    const tsconfig = { compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true }, include: options.tsconfigInclude };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  }
}
