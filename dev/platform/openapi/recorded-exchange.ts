/** One HTTP request/response pair as seen by the simulated Jira server (or the app's client). */
export interface RecordedExchange {
  method: string;
  /** Path plus query, e.g. '/rest/api/3/search/jql?jql=project%3DOKR'. An absolute URL also works. */
  url: string;
  /** Parsed JSON request body; `undefined` when no body was sent. */
  requestBody?: unknown;
  status: number;
  /** Parsed JSON response body; `undefined` when the response had no body. */
  responseBody?: unknown;
}

export interface ConformanceProblem {
  /** Which exchange, e.g. 'GET /rest/api/3/status -> 200'. */
  exchange: string;
  problem: string;
}

export interface SplitUrl {
  /** Still percent-encoded, so an encoded "/" inside a path parameter stays one segment. */
  path: string;
  query: URLSearchParams;
}

// Only used to let the WHATWG URL parser accept relative URLs; never contacted.
const PLACEHOLDER_ORIGIN = 'http://jira.invalid';

export function splitUrl(url: string): SplitUrl {
  const parsed = new URL(url, PLACEHOLDER_ORIGIN);
  return { path: parsed.pathname, query: parsed.searchParams };
}

export function describeExchange(exchange: RecordedExchange): string {
  return `${exchange.method.toUpperCase()} ${exchange.url} -> ${exchange.status}`;
}
