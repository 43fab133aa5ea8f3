// Environment for @forge/lint's PermissionLinter to read API documents from disk instead of
// downloading them from developer.atlassian.com. permission-linter.js (bootstrap) uses local files
// only when USE_LOCAL_SWAGGER and all six LOCAL_*_SWAGGER variables are set. Jira gets Atlassian's
// published OpenAPI document from ../shared/contracts (read in place, never copied into the repo);
// the products this app never calls get an empty but valid OpenAPI document each.
import fs from 'fs';
import path from 'path';

/** Product document variables, in the order permission-linter.js reads them. */
export const LOCAL_SWAGGER_ENV_NAMES = [
  'LOCAL_JIRA_SWAGGER',
  'LOCAL_JSM_SWAGGER',
  'LOCAL_JSW_SWAGGER',
  'LOCAL_CONF_SWAGGER',
  'LOCAL_CONF_V2_SWAGGER',
  'LOCAL_BB_SWAGGER',
] as const;

export type OfflineSwaggerEnv = Record<'USE_LOCAL_SWAGGER' | (typeof LOCAL_SWAGGER_ENV_NAMES)[number], string>;

const EMPTY_OPENAPI = { openapi: '3.0.0', info: { title: 'empty', version: '0' }, paths: {} };

export const jiraOpenApiPath = (projectRoot: string): string =>
  path.resolve(projectRoot, '../shared/contracts/jira-platform-openapi-v3.json');

/** Writes the empty documents into `scratchDir` and returns the variables to pass to the lint. */
export function writeOfflineSwaggerEnv(projectRoot: string, scratchDir: string): OfflineSwaggerEnv {
  const jira = jiraOpenApiPath(projectRoot);
  if (!fs.existsSync(jira)) throw new Error(`Jira OpenAPI document not found at ${jira}`);
  const emptyDocument = (name: string): string => {
    const file = path.join(scratchDir, `empty-${name}-openapi.json`);
    fs.writeFileSync(file, JSON.stringify(EMPTY_OPENAPI));
    return file;
  };
  return {
    USE_LOCAL_SWAGGER: 'true',
    LOCAL_JIRA_SWAGGER: jira,
    LOCAL_JSM_SWAGGER: emptyDocument('jira-service-management'),
    LOCAL_JSW_SWAGGER: emptyDocument('jira-software'),
    LOCAL_CONF_SWAGGER: emptyDocument('confluence'),
    LOCAL_CONF_V2_SWAGGER: emptyDocument('confluence-v2'),
    LOCAL_BB_SWAGGER: emptyDocument('bitbucket'),
  };
}
