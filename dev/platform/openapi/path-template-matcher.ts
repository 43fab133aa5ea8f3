/**
 * Matches concrete request paths to OpenAPI path templates.
 *
 * OpenAPI says concrete paths win over templated ones ("/user/email/bulk" before
 * "/user/{x}/bulk"), so among the templates that match we keep those whose first
 * differing segment is literal. The method plays no part in that choice (the spec matches
 * paths first, and "path exists but not for POST" beats silently falling back to a looser
 * template that happens to have POST).
 *
 * Several templates can tie: the Jira document spells one path with different placeholder
 * names per method ("/rest/api/3/field/{fieldId}" has PUT, "/rest/api/3/field/{id}" has
 * DELETE). They are the same route, so all tied templates are returned and the caller
 * picks the one documenting its method.
 */

interface CompiledTemplate {
  template: string;
  segments: Array<{ literal: string } | { param: string }>;
}

export interface PathMatch {
  template: string;
  pathParams: Record<string, string>;
}

const PARAM_SEGMENT = /^\{([^{}]+)\}$/;

export class PathTemplateMatcher {
  // Bucketed by segment count: a template can only match paths with the same count.
  private readonly bySegmentCount = new Map<number, CompiledTemplate[]>();

  constructor(templates: Iterable<string>) {
    for (const template of templates) {
      const compiled = compileTemplate(template);
      const bucket = this.bySegmentCount.get(compiled.segments.length) ?? [];
      bucket.push(compiled);
      this.bySegmentCount.set(compiled.segments.length, bucket);
    }
  }

  /**
   * The most specific matching templates (usually one; several only when they differ just
   * in placeholder names), in document order. `path` is the raw, still percent-encoded
   * path without query string.
   */
  match(path: string): PathMatch[] {
    const rawSegments = splitPath(path);
    let best: Array<{ compiled: CompiledTemplate; pathParams: Record<string, string> }> = [];
    for (const compiled of this.bySegmentCount.get(rawSegments.length) ?? []) {
      const pathParams = matchSegments(compiled, rawSegments);
      if (pathParams === undefined) continue;
      const incumbent = best[0]?.compiled;
      if (incumbent === undefined || isMoreSpecific(compiled, incumbent)) best = [{ compiled, pathParams }];
      else if (!isMoreSpecific(incumbent, compiled)) best.push({ compiled, pathParams });
    }
    return best.map(({ compiled, pathParams }) => ({ template: compiled.template, pathParams }));
  }
}

function compileTemplate(template: string): CompiledTemplate {
  const segments = splitPath(template).map((segment) => {
    const param = PARAM_SEGMENT.exec(segment)?.[1];
    if (param !== undefined) return { param };
    // Partial templates like "/files/{name}.json" are legal OpenAPI but absent from the
    // Jira document; fail loudly rather than mis-match them as literals.
    if (segment.includes('{')) throw new Error(`unsupported partial path template segment "${segment}" in ${template}`);
    return { literal: segment };
  });
  return { template, segments };
}

function splitPath(path: string): string[] {
  // Leading "/" gives an empty first element; a trailing "/" is kept as an empty segment
  // so "/rest/api/3/status/" does not silently match "/rest/api/3/status".
  return path.split('/').slice(1);
}

function matchSegments(compiled: CompiledTemplate, rawSegments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, segment] of compiled.segments.entries()) {
    const raw = rawSegments[index] ?? '';
    if ('literal' in segment) {
      if (safeDecode(raw) !== segment.literal) return undefined;
    } else {
      // A path parameter never matches an empty segment ("/issue//comment").
      if (raw === '') return undefined;
      params[segment.param] = safeDecode(raw);
    }
  }
  return params;
}

function isMoreSpecific(candidate: CompiledTemplate, current: CompiledTemplate): boolean {
  for (const [index, segment] of candidate.segments.entries()) {
    const other = current.segments[index];
    const candidateLiteral = 'literal' in segment;
    const otherLiteral = other !== undefined && 'literal' in other;
    if (candidateLiteral !== otherLiteral) return candidateLiteral;
  }
  return false;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
