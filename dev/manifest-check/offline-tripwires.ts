// Tripwires for the lint child process. They observe, they do not stub:
// - keytar: @forge/cli-shared requires it lazily (credential-store.js) for logins. It is never built
//   here (allowScripts denies it), so loading it must not happen; every require('keytar') is recorded
//   and passed through unchanged.
// - network: any fetch() is recorded and refused, so a lint that tries to download API documents or
//   feature flags fails loudly instead of depending on the network.
import Module from 'module';

type ModuleLoad = (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown;

export const keytarRequests: string[] = [];
export const networkAttempts: string[] = [];

const describeFetchInput = (input: Parameters<typeof fetch>[0]): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

export function installOfflineTripwires(): void {
  // Module._load is Node's internal CommonJS loader entry; it is not in the public typings.
  const loader = Module as unknown as { _load: ModuleLoad };
  const originalLoad = loader._load;
  loader._load = function observeKeytar(this: unknown, request, parent, isMain) {
    if (request === 'keytar' || request.startsWith('keytar/')) keytarRequests.push(request);
    return originalLoad.call(this, request, parent, isMain);
  };

  globalThis.fetch = (async (input: Parameters<typeof fetch>[0]) => {
    const target = describeFetchInput(input);
    networkAttempts.push(target);
    throw new Error(`manifest-check: network access refused (${target})`);
  }) as typeof fetch;
}
