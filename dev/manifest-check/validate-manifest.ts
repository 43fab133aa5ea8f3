// Validates a manifest.yml with @forge/manifest, offline, the way the Forge CLI builds its checks:
// `ProcessorBuilder.instance().withValidation(type).withOptions(lintOptions).build().process(path)`,
// once per validation chain. FULL = file, YAML, full schema and the 22 other validators (internal
// fields, modules, Connect modules/remote/authentication, resources, permissions, storage, display
// conditions, providers, entity properties, JQL functions, package, app features, data
// classification, translations, remotes, runtime version, LLM, compatibility); PRODUCT_TRIGGER =
// the scopes the trigger events need; AGENT_PRODUCT_CONTEXT = the scopes agent contexts need;
// BASIC = the basic schema. Every finding is kept, also those carrying `metadata` that the CLI's
// FullManifestLinter leaves to its other manifest linters.
import path from 'path';
import { ProcessorBuilder, ValidationTypes, type LintOptions, type ValidationError } from '@forge/manifest';

export interface ManifestFinding {
  /** The validation chains that reported this finding (the same finding often comes from several). */
  validationTypes: ValidationTypes[];
  level: ValidationError['level'];
  message: string;
  reference: string;
  line: number;
  column: number;
}

export interface ManifestValidationReport {
  manifestPath: string;
  findings: ManifestFinding[];
  /** `success` of each chain, as @forge/manifest reports it. */
  successByType: Partial<Record<ValidationTypes, boolean>>;
}

export interface ValidateManifestOptions {
  /**
   * Runtimes to warn about. The CLI fetches this list from a feature-flag service
   * (`xls-forge-cli-deprecated-runtimes`) and falls back to [] when offline; so does this default.
   */
  deprecatedRuntimes?: string[];
  /** Defaults to DISTINCT_VALIDATION_TYPES; pass ALL_VALIDATION_TYPES to run every chain. */
  validationTypes?: readonly ValidationTypes[];
}

export const ALL_VALIDATION_TYPES: readonly ValidationTypes[] = Object.values(ValidationTypes);

/**
 * The chains that have a validator of their own. FORGE_REMOTE_COMPUTE, DEPRECATED_CSP_METHOD and
 * DEPRECATED_EGRESS_PERMISSIONS run only validators FULL runs too (@forge/manifest out/processor/),
 * so they can only repeat FULL's findings, at the cost of compiling the 2 MB schema again (~1.5 s each).
 */
export const DISTINCT_VALIDATION_TYPES: readonly ValidationTypes[] = [
  ValidationTypes.BASIC,
  ValidationTypes.FULL,
  ValidationTypes.PRODUCT_TRIGGER,
  ValidationTypes.AGENT_PRODUCT_CONTEXT,
];

export async function validateManifest(manifestPath: string, options: ValidateManifestOptions = {}): Promise<ManifestValidationReport> {
  const absolutePath = path.resolve(manifestPath);
  const lintOptions: LintOptions = { deprecatedRuntimes: options.deprecatedRuntimes ?? [] };
  const byKey = new Map<string, ManifestFinding>();
  const successByType: Partial<Record<ValidationTypes, boolean>> = {};

  for (const type of options.validationTypes ?? DISTINCT_VALIDATION_TYPES) {
    // ProcessorBuilder caches one processor per (type, options): the schema is compiled once per process.
    const processor = ProcessorBuilder.instance().withValidation(type).withOptions(lintOptions).build();
    const result = await processor.process(absolutePath);
    successByType[type] = result.success;
    for (const error of result.errors ?? []) {
      const finding: ManifestFinding = {
        validationTypes: [type],
        level: error.level,
        message: error.message,
        reference: error.reference,
        line: error.line ?? 0,
        column: error.column ?? 0,
      };
      const key = `${finding.level}|${finding.line}|${finding.column}|${finding.reference}|${finding.message}`;
      const seen = byKey.get(key);
      if (seen) seen.validationTypes.push(type);
      else byKey.set(key, finding);
    }
  }

  const findings = [...byKey.values()].sort((a, b) => a.line - b.line || a.column - b.column);
  return { manifestPath: absolutePath, findings, successByType };
}

/** One line per finding, in the `line:column level message reference` shape `forge lint` prints. */
export function formatManifestFindings(findings: readonly ManifestFinding[]): string {
  return findings
    .map((f) => `${f.line}:${f.column} ${f.level} ${f.message}  ${f.reference}  [${f.validationTypes.join(', ')}]`)
    .join('\n');
}
