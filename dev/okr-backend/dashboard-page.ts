/**
 * GET /: the reference backend's dashboard. One self-contained page (no external assets):
 * key-result progress and received webhooks, refreshed live over Server-Sent Events, and
 * a form to call the app (dashboard-app-calls.ts).
 * The script builds rows with textContent only, so payload text can never become markup.
 * Stable hooks for browser tests: data-testid="kr-row-<id>" with data-progress,
 * data-testid="event-row" with data-verification, and data-testid="app-call-result".
 */
import { APP_CALL_SCRIPT, APP_CALL_STYLE, renderAppCallSection } from './dashboard-app-calls';
import { escapeHtml } from './escape-html';
import type { KeyResultSummary } from './workspace-store';

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff; }
body { margin: 0 auto; max-width: 78rem; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
.meta { margin: 0; color: #424a53; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85em; }
.status { margin: 1rem 0 0; padding: .5rem .75rem; border-left: 4px solid #0969da; background: #ddf4ff; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
caption { text-align: left; color: #424a53; padding-bottom: .4rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: .45rem .6rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: block; height: .4rem; margin-top: .25rem; background: #eaeef2; border-radius: .2rem; min-width: 6rem; }
.bar > span { display: block; height: 100%; background: #1a7f37; border-radius: .2rem; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; font-weight: 600; font-size: .82rem; }
.verified { background: #dafbe1; color: #116329; }
.rejected { background: #ffebe9; color: #82071e; }
.duplicate { background: #fff8c5; color: #4d2d00; }
.stale { background: #eaeef2; color: #424a53; }
.muted { color: #57606a; }
pre { white-space: pre-wrap; word-break: break-all; max-width: 40rem; margin: .4rem 0 0; font-size: .8rem; background: #f6f8fa; padding: .5rem; }
summary { cursor: pointer; color: #0969da; }
time { white-space: nowrap; }
a { color: #0969da; }
:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
/* Narrow (framed next to the sandbox's issues, or a phone): each row becomes a compact
   block, so every column stays readable without scrolling sideways. */
@media (max-width: 44rem) {
  body { padding: .6rem .75rem; line-height: 1.35; }
  h1 { font-size: 1.2rem; }
  h2 { font-size: 1.05rem; margin: 1rem 0 .2rem; }
  .meta { font-size: .8rem; }
  .status { margin-top: .5rem; padding: .3rem .6rem; font-size: .88rem; }
  table.stack, table.stack tbody { display: block; }
  table.stack caption { display: block; font-size: .8rem; padding-bottom: .2rem; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  table.stack tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: .1rem .55rem; padding: .4rem 0; border-bottom: 1px solid #d0d7de; }
  /* A zero-height item that puts the facts on a line of their own. */
  table.stack tr::before { content: ""; flex: 1 1 100%; order: 0; height: 0; }
  table.stack th, table.stack td { display: block; border: 0; padding: 0; text-align: left; }
  table.stack td[data-label]::before { content: attr(data-label) " "; color: #57606a; }
  table.stack .objective { flex: 1 1 100%; order: -3; font-size: .8rem; color: #57606a; }
  table.stack .kr { flex: 1 1 10rem; order: -2; font-size: .95rem; }
  table.stack .progress { flex: 0 0 6.5rem; order: -1; text-align: right; }
  table.stack .fact { order: 1; font-size: .78rem; }
  /* A key result without any update yet takes one line: its title and "no update yet". */
  table.stack tr.no-update .objective, table.stack tr.no-update .fact, table.stack tr.no-update::before { display: none; }
  table.stack tr.no-update .kr { font-weight: 400; }
  table.stack tr.no-update .kr br, table.stack tr.no-update .kr code { display: none; }
  table.stack .event-type { flex: 1 1 12rem; order: -2; }
  table.stack .result { order: -1; }
  table.stack .wide { flex: 1 1 100%; order: 1; font-size: .85rem; overflow-wrap: anywhere; }
  pre { max-width: none; }
}
`;

// Plain ES2020 (no template literals), run in the browser.
const SCRIPT = `
'use strict';
var openPayloads = new Set();
function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
  (children || []).forEach(function (c) { node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))); });
  return node;
}
function time(iso) {
  if (!iso) return el('span', { class: 'muted' }, ['—']);
  var at = new Date(iso);
  // Today's times without the date, so the tables stay compact; the full time is the tooltip.
  var today = at.toDateString() === new Date().toDateString();
  return el('time', { datetime: iso, title: at.toLocaleString() }, [today ? at.toLocaleTimeString() : at.toLocaleString()]);
}
function dash(v) { return v == null ? '—' : v; }
function krRow(kr) {
  var pct = kr.progress == null ? null : kr.progress;
  var bar = el('span', { class: 'bar', 'aria-hidden': 'true' }, [el('span', {}, [])]);
  bar.firstChild.style.width = (pct == null ? 0 : pct) + '%';
  var title = el('th', { scope: 'row', class: 'kr' }, [kr.title || kr.id, el('br'), el('code', { class: 'muted' }, [kr.id])]);
  return el('tr', { 'data-testid': 'kr-row-' + kr.id, 'data-progress': pct == null ? '' : String(pct), class: kr.sequence == null ? 'no-update' : 'updated' }, [
    el('td', { class: 'objective' }, [kr.objective || '—']),
    title,
    el('td', { class: 'num progress' }, kr.sequence == null ? [el('span', { class: 'muted' }, ['no update yet'])] : [pct == null ? 'no linked issues' : pct + ' %', bar]),
    el('td', { class: 'num fact', 'data-label': 'To Do' }, [kr.counts ? kr.counts.new : '—']),
    el('td', { class: 'num fact', 'data-label': 'In Progress' }, [kr.counts ? kr.counts.indeterminate : '—']),
    el('td', { class: 'num fact', 'data-label': 'Done' }, [kr.counts ? kr.counts.done : '—']),
    el('td', { class: 'num fact', 'data-label': 'Sequence' }, [dash(kr.sequence)]),
    el('td', { class: 'fact', 'data-label': 'Updated' }, [time(kr.updatedAt)]),
  ]);
}
function eventRow(ev) {
  var details = el('td', { class: 'wide' }, ev.reason ? [ev.reason] : []);
  if (ev.payload !== undefined) {
    var box = el('details', {}, [el('summary', {}, ['Payload']), el('pre', {}, [JSON.stringify(ev.payload, null, 2)])]);
    if (openPayloads.has(ev.id)) box.open = true;
    box.addEventListener('toggle', function () { if (box.open) openPayloads.add(ev.id); else openPayloads.delete(ev.id); });
    details.append(box);
  }
  return el('tr', { 'data-testid': 'event-row', 'data-verification': ev.verification, 'data-webhook-id': ev.webhookId || '' }, [
    el('td', { class: 'fact' }, [time(ev.receivedAt)]),
    el('td', { class: 'event-type' }, [ev.type ? el('code', {}, [ev.type]) : el('span', { class: 'muted' }, ['unknown'])]),
    el('td', { class: 'wide', 'data-label': 'Webhook id' }, [ev.webhookId ? el('code', {}, [ev.webhookId]) : el('span', { class: 'muted' }, ['none'])]),
    el('td', { class: 'result' }, [el('span', { class: 'badge ' + ev.verification }, [ev.verification])]),
    details,
  ]);
}
function fill(tbody, rows, empty, columns) {
  tbody.replaceChildren.apply(tbody, rows.length ? rows : [el('tr', {}, [el('td', { colspan: String(columns), class: 'muted' }, [empty])])]);
}
async function getJson(path) {
  var res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(path + ' answered ' + res.status);
  return res.json();
}
async function refresh() {
  var results = await Promise.all([getJson('/api/progress'), getJson('/api/events?limit=100'), getJson('/api/workspace')]);
  fill(document.getElementById('kr-rows'), results[0].keyResults.map(krRow), 'No key results.', 8);
  fill(document.getElementById('event-rows'), results[1].events.map(eventRow), 'No webhooks received yet.', 5);
  var c = results[2].connection;
  document.getElementById('site').textContent = c ? (c.siteUrl || c.cloudId) : 'none connected yet';
  showCallTarget(c);
}
var live = document.getElementById('live');
function announce(text) { live.textContent = text; }
refresh().then(function () { announce('Up to date. Waiting for webhooks…'); }, function (e) { announce('Could not load: ' + e.message); });
var stream = new EventSource('/api/stream');
stream.addEventListener('change', function (message) {
  var notice = JSON.parse(message.data);
  refresh().then(function () {
    if (notice.kind === 'webhook') announce('Received ' + (notice.type || 'a webhook') + ': ' + notice.verification + '.');
    else announce('Jira site connected.');
  }, function (e) { announce('Could not refresh: ' + e.message); });
});
stream.addEventListener('error', function () { announce('Live updates interrupted; reconnecting…'); });
`;

export function renderDashboardPage(input: { workspaceName: string; webhookUrl: string; keyResults: readonly KeyResultSummary[]; nonce: string }): string {
  const name = escapeHtml(input.workspaceName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Reference OKR backend · ${name}</title>
<style nonce="${input.nonce}">${STYLE}${APP_CALL_STYLE}</style>
</head>
<body>
<header>
  <h1>Reference OKR backend</h1>
  <p class="meta">Workspace <strong>${name}</strong> · Jira site: <span id="site">…</span> · Webhooks to <code>${escapeHtml(input.webhookUrl)}</code></p>
</header>
<main>
  <p id="live" class="status" role="status" aria-live="polite">Loading…</p>
  <noscript><p>This page needs JavaScript for its tables and to call the app; the same data is at <a href="/api/progress">/api/progress</a> and <a href="/api/events">/api/events</a>.</p></noscript>
  <section>
    <h2 id="kr-heading">Key results</h2>
    <div class="scroll" role="region" aria-labelledby="kr-heading" tabindex="0">
      <table class="stack">
        <caption>Jira progress per key result, from the newest <code>key_result.progress_updated</code> of each.</caption>
        <thead><tr>
          <th scope="col">Objective</th><th scope="col">Key result</th><th scope="col" class="num">Progress</th>
          <th scope="col" class="num">To Do</th><th scope="col" class="num">In Progress</th><th scope="col" class="num">Done</th>
          <th scope="col" class="num">Sequence</th><th scope="col">Updated</th>
        </tr></thead>
        <tbody id="kr-rows"></tbody>
      </table>
    </div>
  </section>
  ${renderAppCallSection(input.keyResults)}
  <section>
    <h2 id="events-heading">Received webhooks</h2>
    <div class="scroll" role="region" aria-labelledby="events-heading" tabindex="0">
      <table class="stack">
        <caption>Every request to the webhook URL, newest first, with its verification result.</caption>
        <thead><tr>
          <th scope="col">Received</th><th scope="col">Type</th><th scope="col">Webhook id</th><th scope="col">Result</th><th scope="col">Details</th>
        </tr></thead>
        <tbody id="event-rows"></tbody>
      </table>
    </div>
  </section>
</main>
<script nonce="${input.nonce}">${SCRIPT}${APP_CALL_SCRIPT}</script>
</body>
</html>
`;
}
