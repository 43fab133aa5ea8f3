// Runs before every test file: the fetch gate must exist before any @forge/api import.
import { installFetchGate } from './forge-globals';

installFetchGate();
process.env['OKR_SYNC_QUIET'] = process.env['OKR_SYNC_QUIET'] ?? '1';
