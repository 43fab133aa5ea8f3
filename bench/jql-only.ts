/** `npx tsx bench/jql-only.ts`: the JQL rows of `npm run bench` alone. */
process.env['OKR_SYNC_QUIET'] = '1';
import { installFetchGate } from '../dev/platform/forge-globals';
installFetchGate();
import { printJqlBench } from './jql-cost';

printJqlBench().catch((error) => {
  console.error(error);
  process.exit(1);
});
