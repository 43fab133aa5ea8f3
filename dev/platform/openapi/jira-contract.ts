/**
 * Conformance checker for recorded Jira REST exchanges against Atlassian's published
 * Jira Cloud platform OpenAPI v3 document. Tests use it to keep the simulated Jira server
 * (and the app's requests) honest: every request must hit a documented operation with
 * declared parameters, and every response must have a documented status and shape.
 *
 *   const contract = loadJiraContract();
 *   expect(contract.checkExchange(exchange)).toEqual([]);
 */
import path from 'node:path';
import { checkRequestBody, checkResponseBody } from './body-checks';
import {
  type HttpMethod,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type ResponseObject,
  isHttpMethod,
  readOpenApiDocument,
  resolveLocal,
} from './openapi-document';
import { checkPathParameters, checkQueryParameters } from './parameter-checks';
import { type PathMatch, PathTemplateMatcher } from './path-template-matcher';
import { type ConformanceProblem, type RecordedExchange, describeExchange, splitUrl } from './recorded-exchange';
import { SchemaValidator } from './schema-validator';

export type { ConformanceProblem, RecordedExchange } from './recorded-exchange';

const PROJECT_ROOT = path.resolve(__dirname, '../../..');
/** Shared, read-only contract; deliberately outside the project so it is never copied in. */
export const DEFAULT_JIRA_CONTRACT_FILE = path.resolve(PROJECT_ROOT, '../shared/contracts/jira-platform-openapi-v3.json');

export interface OperationMatch {
  method: HttpMethod;
  pathTemplate: string;
  /** Falls back to "METHOD template" if the document omits an operationId. */
  operationId: string;
  /** Decoded values of the template's `{placeholders}`. */
  pathParams: Record<string, string>;
}

type Located =
  | { ok: true; match: OperationMatch; operation: OperationObject; parameters: ParameterObject[] }
  | { ok: false; problem: string };

export class JiraContract {
  private readonly matcher: PathTemplateMatcher;
  private readonly validator: SchemaValidator;

  constructor(private readonly doc: OpenApiDocument) {
    this.matcher = new PathTemplateMatcher(Object.keys(doc.paths));
    this.validator = new SchemaValidator(doc.components?.schemas ?? {});
  }

  get pathCount(): number {
    return Object.keys(this.doc.paths).length;
  }

  /** `path` may include a query string (ignored). Concrete templates win over templated ones. */
  findOperation(method: string, path: string): OperationMatch | undefined {
    const located = this.locate(method, splitUrl(path).path);
    return located.ok ? located.match : undefined;
  }

  /** Method+path documented, query parameters declared/required/typed, path parameters typed, body valid. */
  checkRequest(exchange: RecordedExchange): ConformanceProblem[] {
    const { path: rawPath, query } = splitUrl(exchange.url);
    const located = this.locate(exchange.method, rawPath);
    if (!located.ok) return problemsFor(exchange, [located.problem]);
    const requestBody =
      located.operation.requestBody === undefined ? undefined : resolveLocal(this.doc, located.operation.requestBody);
    return problemsFor(exchange, [
      ...checkPathParameters(located.match.pathParams, located.parameters, this.validator),
      ...checkQueryParameters(query, located.parameters, this.validator),
      ...checkRequestBody(requestBody, exchange.requestBody, this.validator),
    ]);
  }

  /** Status documented (exact, `2XX`-style range, or `default`) and JSON body valid against its schema. */
  checkResponse(exchange: RecordedExchange): ConformanceProblem[] {
    const located = this.locate(exchange.method, splitUrl(exchange.url).path);
    if (!located.ok) return problemsFor(exchange, [located.problem]);
    const responses = located.operation.responses ?? {};
    const documented = findDocumentedResponse(responses, exchange.status);
    if (documented === undefined) {
      const known = Object.keys(responses).join(', ') || 'none';
      return problemsFor(exchange, [`status ${exchange.status} is not documented for ${located.match.operationId} (documented: ${known})`]);
    }
    const response = resolveLocal<ResponseObject>(this.doc, documented);
    return problemsFor(exchange, checkResponseBody(exchange.status, response, exchange.responseBody, this.validator));
  }

  /** Request and response problems together; an undocumented operation is reported once. */
  checkExchange(exchange: RecordedExchange): ConformanceProblem[] {
    const requestProblems = this.checkRequest(exchange);
    if (this.findOperation(exchange.method, exchange.url) === undefined) return requestProblems;
    return [...requestProblems, ...this.checkResponse(exchange)];
  }

  private locate(rawMethod: string, rawPath: string): Located {
    const method = rawMethod.toLowerCase();
    const candidates = this.matcher.match(rawPath);
    if (candidates.length === 0) return { ok: false, problem: `no documented path matches ${rawPath}` };
    for (const pathMatch of candidates) {
      const pathItem = this.doc.paths[pathMatch.template] ?? {};
      const operation = isHttpMethod(method) ? pathItem[method] : undefined;
      if (isHttpMethod(method) && operation !== undefined) {
        return this.located(method, pathMatch, pathItem, operation);
      }
    }
    const templates = candidates.map((candidate) => candidate.template);
    const allowed = templates.flatMap((template) => Object.keys(this.doc.paths[template] ?? {}).filter(isHttpMethod));
    return {
      ok: false,
      problem:
        `${rawMethod.toUpperCase()} is not documented for ${templates.join(' / ')} ` +
        `(documented: ${allowed.map((m) => m.toUpperCase()).join(', ') || 'none'})`,
    };
  }

  private located(method: HttpMethod, pathMatch: PathMatch, pathItem: PathItemObject, operation: OperationObject): Located {
    return {
      ok: true,
      match: {
        method,
        pathTemplate: pathMatch.template,
        operationId: operation.operationId ?? `${method.toUpperCase()} ${pathMatch.template}`,
        pathParams: pathMatch.pathParams,
      },
      operation,
      parameters: this.mergedParameters(pathItem.parameters, operation.parameters),
    };
  }

  /** Operation-level parameters override path-level ones with the same name and location (OpenAPI rule). */
  private mergedParameters(
    pathLevel: OperationObject['parameters'],
    operationLevel: OperationObject['parameters'],
  ): ParameterObject[] {
    const merged = new Map<string, ParameterObject>();
    for (const raw of [...(pathLevel ?? []), ...(operationLevel ?? [])]) {
      const param = resolveLocal<ParameterObject>(this.doc, raw);
      merged.set(`${param.in}:${param.name}`, param);
    }
    return [...merged.values()];
  }
}

const contractsByFile = new Map<string, JiraContract>();

/** Loads (once per file per module registry) the contract; cheap because schemas compile lazily. */
export function loadJiraContract(file: string = DEFAULT_JIRA_CONTRACT_FILE): JiraContract {
  const resolved = path.resolve(file);
  let contract = contractsByFile.get(resolved);
  if (contract === undefined) {
    contract = new JiraContract(readOpenApiDocument(resolved));
    contractsByFile.set(resolved, contract);
  }
  return contract;
}

function findDocumentedResponse<T>(responses: Record<string, T>, status: number): T | undefined {
  const range = `${String(status).charAt(0)}XX`;
  return responses[String(status)] ?? responses[range] ?? responses[range.toLowerCase()] ?? responses.default;
}

function problemsFor(exchange: RecordedExchange, problems: readonly string[]): ConformanceProblem[] {
  const label = describeExchange(exchange);
  return problems.map((problem) => ({ exchange: label, problem }));
}
