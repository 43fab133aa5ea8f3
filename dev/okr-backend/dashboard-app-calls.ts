/**
 * The dashboard's "Call the app" section: pick one of the workspace's key results, enter a
 * JQL, and send jql.register, jql.remove or resync.request through POST /api/app-calls.
 * The options are rendered on the server from the workspace's own list, so the form works
 * before any fetch. The answer is shown as sentences (the app's error message, field and
 * Jira's JQL errors as text) with the raw JSON folded away beneath.
 * Test hooks: data-testid="app-call-result" with data-outcome (none, pending, ok, failed)
 * and data-status (the app's status, or the backend's when it did not call the app).
 */
import { escapeHtml } from './escape-html';
import type { KeyResultSummary } from './workspace-store';

export const APP_CALL_STYLE = `
form.call { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: flex-start; margin-top: .5rem; }
.field { display: flex; flex-direction: column; gap: .2rem; flex: 1 1 16rem; min-width: 0; }
.field.jql { flex: 2 1 20rem; }
.field label { font-weight: 600; font-size: .9rem; }
.field select, .field input { font: inherit; font-size: .92rem; padding: .35rem .5rem; border: 1px solid #8c959f; border-radius: .3rem; background: #fff; color: inherit; width: 100%; box-sizing: border-box; }
.field input { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; }
.field [aria-invalid="true"] { border-color: #cf222e; box-shadow: 0 0 0 1px #cf222e; }
.hint { font-size: .8rem; color: #57606a; }
.buttons { display: flex; flex-wrap: wrap; gap: .5rem; flex: 1 1 100%; }
.buttons button { font: inherit; font-size: .9rem; padding: .35rem .8rem; border: 1px solid #8c959f; border-radius: .3rem; background: #f6f8fa; color: #1f2328; cursor: pointer; }
.buttons button:hover { background: #eaeef2; }
.buttons button.primary { background: #1f883d; border-color: #1a7f37; color: #fff; }
.call-outcome { margin: .75rem 0 0; padding: .5rem .75rem; border-left: 4px solid #d0d7de; background: #f6f8fa; overflow-wrap: anywhere; }
.call-outcome p { margin: 0; }
.call-outcome ul { margin: .3rem 0 0; padding-left: 1.2rem; }
.call-outcome[data-outcome="ok"] { border-color: #1a7f37; background: #dafbe1; }
.call-outcome[data-outcome="failed"] { border-color: #cf222e; background: #ffebe9; }
`;

/** Options grouped by objective, in the workspace's order. */
function keyResultOptions(keyResults: readonly KeyResultSummary[]): string {
  const groups = new Map<string, KeyResultSummary[]>();
  for (const kr of keyResults) groups.set(kr.objective, [...(groups.get(kr.objective) ?? []), kr]);
  return [...groups]
    .map(([objective, krs]) => {
      const options = krs.map((kr) => `<option value="${escapeHtml(kr.id)}">${escapeHtml(kr.title)} (${escapeHtml(kr.id)})</option>`).join('');
      return `<optgroup label="${escapeHtml(objective)}">${options}</optgroup>`;
    })
    .join('\n        ');
}

export function renderAppCallSection(keyResults: readonly KeyResultSummary[]): string {
  return `<section>
    <h2 id="call-heading">Call the app</h2>
    <p id="call-target" class="meta">…</p>
    <form id="call-form" class="call" aria-labelledby="call-heading" aria-describedby="call-target">
      <div class="field">
        <label for="call-kr">Key result</label>
        <select id="call-kr" name="keyResultId">
        ${keyResultOptions(keyResults)}
        </select>
      </div>
      <div class="field jql">
        <label for="call-jql">JQL</label>
        <input id="call-jql" name="jql" type="text" autocomplete="off" spellcheck="false" placeholder="project = CHK AND labels = checkout" aria-describedby="call-jql-hint">
        <span id="call-jql-hint" class="hint">Sent by Register JQL (Enter in this field registers it).</span>
      </div>
      <div class="buttons">
        <button type="submit" class="primary" value="jql.register">Register JQL</button>
        <button type="submit" value="jql.remove">Remove JQL</button>
        <button type="submit" value="resync.one">Resync this KR</button>
        <button type="submit" value="resync.all">Resync everything</button>
      </div>
    </form>
    <div id="call-outcome" class="call-outcome" data-testid="app-call-result" data-outcome="none" data-status="" role="status" aria-live="polite" aria-atomic="true"><p class="muted">No call yet.</p></div>
    <details id="call-raw" hidden><summary>Raw answer</summary><pre></pre></details>
  </section>`;
}

// Plain ES2020, run in the browser after the page's script (it uses el(), and the page's
// refresh() calls showCallTarget() with the workspace's connection).
export const APP_CALL_SCRIPT = `
var callForm = document.getElementById('call-form');
var callOutcome = document.getElementById('call-outcome');
var callRaw = document.getElementById('call-raw');
var callFields = { 'data.keyResultId': document.getElementById('call-kr'), 'data.jql': document.getElementById('call-jql') };
var calling = false;
function showCallTarget(connection) {
  var target = document.getElementById('call-target');
  if (!connection || !connection.webTriggerUrl) {
    target.textContent = 'No web trigger URL is registered yet, so calls answer 409 no_web_trigger: the app sends one (webTriggerUrl) when a Jira admin connects the site.';
    return;
  }
  var origin = connection.webTriggerUrl;
  try { origin = new URL(connection.webTriggerUrl).origin; } catch (e) { /* shown as registered */ }
  target.textContent = 'Calls go to the app\\'s web trigger on ' + origin + ', signed with the workspace\\'s inbound signing secret.';
}
function callRequest(choice) {
  var keyResultId = callFields['data.keyResultId'].value;
  if (choice === 'jql.register') return { action: 'jql.register', data: { keyResultId: keyResultId, jql: callFields['data.jql'].value } };
  if (choice === 'jql.remove') return { action: 'jql.remove', data: { keyResultId: keyResultId } };
  if (choice === 'resync.one') return { action: 'resync.request', data: { keyResultId: keyResultId } };
  return { action: 'resync.request', data: {} };
}
// { error: { code, message, field?, jqlErrors? } }; the app's older answers had { error: "text" }.
function errorOf(body) {
  if (!body || typeof body !== 'object') return null;
  if (typeof body.error === 'string') return { message: body.error };
  return body.error && typeof body.error === 'object' ? body.error : null;
}
function describeSuccess(request, body) {
  var b = body && typeof body === 'object' ? body : {};
  var kr = b.keyResultId || (request.data && request.data.keyResultId);
  if (request.action === 'jql.register') return 'Registered the JQL of ' + kr + (b.reconciling ? '; the app is reconciling its issues.' : '.');
  if (request.action === 'jql.remove') return b.removed === false ? kr + ' had no JQL to remove.' : 'Removed the JQL of ' + kr + '.';
  if (typeof b.queued === 'number') return 'The app queued ' + b.queued + ' key result' + (b.queued === 1 ? '' : 's') + ' for a resync.';
  return 'The app accepted the call.';
}
function markInvalid(field) {
  Object.keys(callFields).forEach(function (name) {
    if (name === field) callFields[name].setAttribute('aria-invalid', 'true');
    else callFields[name].removeAttribute('aria-invalid');
  });
}
function showOutcome(outcome, status, lines, list, raw) {
  callOutcome.setAttribute('data-outcome', outcome);
  callOutcome.setAttribute('data-status', status == null ? '' : String(status));
  var children = lines.map(function (line, i) { return el('p', {}, [i === 0 ? el('strong', {}, [line]) : line]); });
  if (list.length) children.push(el('ul', {}, list.map(function (item) { return el('li', {}, [item]); })));
  callOutcome.replaceChildren.apply(callOutcome, children);
  callRaw.hidden = raw === undefined;
  callRaw.querySelector('pre').textContent = raw === undefined ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw, null, 2);
}
function showAppAnswer(request, status, body) {
  if (status >= 200 && status < 300) {
    showOutcome('ok', status, ['The app answered ' + status + '.', describeSuccess(request, body)], [], body);
    return;
  }
  var error = errorOf(body);
  var message = error && error.message ? error.message : (typeof body === 'string' && body ? body : 'No message.');
  var lines = ['The app answered ' + status + (error && error.code ? ' ' + error.code : '') + '.', message];
  if (error && error.field) lines.push('Field: ' + error.field);
  var jqlErrors = error && Array.isArray(error.jqlErrors) ? error.jqlErrors.map(String) : [];
  if (jqlErrors.length) lines.push('Jira\\'s parse errors:');
  markInvalid(error && error.field ? error.field : (jqlErrors.length ? 'data.jql' : null));
  showOutcome('failed', status, lines, jqlErrors, body);
}
async function callTheApp(choice) {
  if (calling) return;
  calling = true;
  var request = callRequest(choice);
  markInvalid(null);
  showOutcome('pending', null, ['Calling the app: ' + request.action + '…'], [], undefined);
  try {
    var res = await fetch('/api/app-calls', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(request) });
    var answer = await res.json().catch(function () { return null; });
    if (res.ok && answer) {
      showAppAnswer(request, answer.status, answer.body);
    } else {
      // The backend itself refused: 409 no_web_trigger, 502 app_unreachable, 400.
      var error = errorOf(answer) || {};
      var first = res.status === 502 ? 'No answer from the app' : 'Not sent';
      showOutcome('failed', res.status, [first + ' (' + res.status + (error.code ? ' ' + error.code : '') + ').', error.message || 'The reference backend gave no reason.'], [], answer == null ? undefined : answer);
    }
  } catch (e) {
    showOutcome('failed', null, ['Not sent.', 'Could not reach the reference backend: ' + e.message], [], undefined);
  } finally {
    calling = false;
  }
}
callForm.addEventListener('submit', function (event) {
  event.preventDefault();
  // Enter in a field submits with the first button, Register JQL.
  callTheApp(event.submitter && event.submitter.value ? event.submitter.value : 'jql.register');
});
`;
