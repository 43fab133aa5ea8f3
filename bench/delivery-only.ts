/** `npx tsx bench/delivery-only.ts`: the delivery rows of `npm run bench` alone. */
process.env['OKR_SYNC_QUIET'] = '1';
import { installFetchGate } from '../dev/platform/forge-globals';
installFetchGate();
import { printDeliveryBench } from './delivery-cost';

printDeliveryBench().catch((error) => {
  console.error(error);
  process.exit(1);
});
