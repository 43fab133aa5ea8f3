/**
 * Regenerates the example blocks of docs/webhooks.md from the real builders:
 *   npx tsx test/contract/update-webhook-doc-examples.ts          (rewrite the doc)
 *   npx tsx test/contract/update-webhook-doc-examples.ts --check  (exit 1 if stale)
 * The contract test runs the same comparison, so a stale doc fails CI either way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { countDocMarkers, extractDocBlocks, renderDocExamples, replaceDocBlocks } from './webhook-doc-examples';

const DOC = path.resolve(__dirname, '../../docs/webhooks.md');

function main(): number {
  const markdown = readFileSync(DOC, 'utf8');
  const rendered = renderDocExamples();
  const names = new Set(extractDocBlocks(markdown).map((block) => block.name));
  const problems = [
    ...[...rendered.keys()].filter((name) => !names.has(name)).map((name) => `no block marked <!-- example: ${name} --> in the doc`),
    ...[...names].filter((name) => !rendered.has(name)).map((name) => `the doc marks an unknown example "${name}"`),
    ...(countDocMarkers(markdown) !== extractDocBlocks(markdown).length ? ['a marker is not followed by a fenced block'] : []),
  ];
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    return 1;
  }
  const updated = replaceDocBlocks(markdown, rendered);
  if (updated === markdown) {
    console.log('docs/webhooks.md examples are up to date');
    return 0;
  }
  if (process.argv.includes('--check')) {
    console.error('docs/webhooks.md examples are stale: run npx tsx test/contract/update-webhook-doc-examples.ts');
    return 1;
  }
  writeFileSync(DOC, updated);
  console.log('docs/webhooks.md examples updated');
  return 0;
}

process.exitCode = main();
