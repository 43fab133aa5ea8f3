// For people: prints what test/manifest checks, in one go. `npx tsx dev/manifest-check/check-manifest.ts`
// Exit code 1 when @forge/manifest or @forge/lint report anything. Works on a temporary copy of the
// project (see make-validation-copy.ts): missing resource paths become placeholders there, and tsconfig
// directory includes are expanded so the lint parses src/ (see expand-tsconfig-directory-includes.ts).
import path from 'path';
import { makeValidationCopy } from './make-validation-copy';
import { formatLintFindings, runForgeLint } from './run-forge-lint';
import { formatManifestFindings, validateManifest } from './validate-manifest';

async function main(): Promise<number> {
  const projectRoot = path.resolve(__dirname, '../..');
  const copy = makeValidationCopy(projectRoot, { expandTsconfigDirectoryIncludes: true });
  try {
    const lintRun = runForgeLint({ projectRoot, jobs: [{ label: 'app', projectDir: copy.dir }] });
    const validation = await validateManifest(copy.manifestPath);
    const lint = await lintRun;
    const report = lint.reports[0];
    if (!report) throw new Error('the lint returned no report');

    for (const p of copy.placeholders) console.log(`placeholder: ${p.resourcePath} (${p.kind}: ${p.createdFiles.join(', ')})`);
    if (copy.tsconfigIncludeRewrite) console.log(`tsconfig include in the copy: ${JSON.stringify(copy.tsconfigIncludeRewrite.to)}`);
    console.log(`\n@forge/manifest (${Object.keys(validation.successByType).join(', ')}):`);
    console.log(formatManifestFindings(validation.findings) || 'no findings');
    console.log(`\n@forge/lint client-side (${report.parsedFiles.length}/${report.sourceFiles.length} files parsed):`);
    console.log(formatLintFindings(report.findings) || 'no findings');
    for (const failure of report.linterFailures) console.log(`linter failed: ${failure}`);
    for (const file of report.unparseableFiles) console.log(`not parsed: ${file.file}: ${file.message}`);
    for (const url of lint.networkAttempts) console.log(`network attempt refused: ${url}`);

    const problems =
      validation.findings.length + report.findings.length + report.linterFailures.length + report.unparseableFiles.length + lint.networkAttempts.length;
    return problems === 0 ? 0 : 1;
  } finally {
    copy.remove();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
