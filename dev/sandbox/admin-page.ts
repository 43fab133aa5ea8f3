import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const ADMIN_MODULE_KEY = 'okr-sync-admin';
export const ADMIN_PAGE_PATH = '/app/admin/';
export const BRIDGE_SHIM_PATH = '/app/bridge-shim.js';

export const adminBuildDir = (root: string) => path.join(root, 'static/admin/build');
export const isAdminPageBuilt = (root: string) => existsSync(path.join(adminBuildDir(root), 'index.html'));

/** What `view.getContext()` answers inside the sandbox (accountId is added per acting user). */
export interface BridgeContextBase {
  cloudId: string;
  siteUrl: string;
  localId: string;
  moduleKey: string;
  environmentType: 'DEVELOPMENT';
  extension: { type: 'jira:adminPage' };
}

/**
 * Stands in for the Forge host page: @forge/bridge calls `window.__bridge.callBridge(type,
 * payload)`. `invoke` goes to the sandbox, which runs the app's real resolver through the
 * local platform as the acting user (`?as=<accountId>` on the iframe URL); `getContext`
 * answers like Jira would for an admin page; any other call is refused by name, so a page
 * that needs more of the bridge says so instead of hanging.
 */
export function bridgeShimScript(context: BridgeContextBase, defaultAccountId: string): string {
  return `/* OKR Sync sandbox: the @forge/bridge host shim. */
(function () {
  'use strict';
  var context = ${JSON.stringify(context)};
  var accountId = new URLSearchParams(window.location.search).get('as') || ${JSON.stringify(defaultAccountId)};
  function invoke(payload) {
    var request = { functionKey: payload && payload.functionKey, payload: payload && payload.payload, accountId: accountId };
    return fetch('/api/bridge/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer && answer.ok) return answer.result;
        throw new Error((answer && answer.error) || 'The sandbox could not run the resolver.');
      });
  }
  window.__bridge = {
    callBridge: function (type, payload) {
      if (type === 'invoke') return invoke(payload);
      if (type === 'getContext') return Promise.resolve(Object.assign({}, context, { accountId: accountId }));
      return Promise.reject(new Error('The OKR Sync sandbox bridge does not implement the "' + type + '" bridge call (only invoke and getContext).'));
    }
  };
})();
`;
}

/** The built index.html with the shim loaded first, before any of the page's own scripts. */
export function adminIndexHtml(root: string): string {
  const html = readFileSync(path.join(adminBuildDir(root), 'index.html'), 'utf8');
  const tag = `<script src="${BRIDGE_SHIM_PATH}"></script>`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${tag}`) : `${tag}\n${html}`;
}

/** A file of the build, or undefined if the path leaves the build folder or names nothing. */
export function adminAssetPath(root: string, relative: string): string | undefined {
  const base = adminBuildDir(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  const file = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!file.startsWith(base + path.sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

export const NOT_BUILT_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Admin page not built</title></head>
<body style="font-family: system-ui, sans-serif; padding: 1.5rem">
<h1>The admin page is not built yet</h1>
<p>Run <code>npm run build</code> in the repository, then reload this frame.</p>
</body></html>`;
