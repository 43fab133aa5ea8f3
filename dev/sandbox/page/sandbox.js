/* global document, fetch, setInterval, setTimeout, clearTimeout */
/*
 * The sandbox page's script: plain DOM, no framework, no external assets. Text from the
 * site always goes through textContent, never innerHTML. Test hooks are data-testid
 * attributes (listed in test/browser/sandbox-e2e.test.ts).
 */
(function () {
  'use strict';

  // openPayloads: webhook ids whose payload row is open (kept across re-renders of the table).
  // transitionChoices: the status picked in each row's "Move to…", kept when the table is drawn again.
  var state = { site: null, actingAs: null, selectedKey: null, deliveriesKey: '', openPayloads: {}, transitionChoices: {} };
  var $ = function (id) {
    return document.getElementById(id);
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') node.textContent = value;
      else if (name === 'onclick') node.addEventListener('click', value);
      else if (name === 'onchange') node.addEventListener('change', value);
      else if (name === 'onsubmit') node.addEventListener('submit', function (event) {
        event.preventDefault();
        value(event);
      });
      else if (name === 'testid') node.setAttribute('data-testid', value);
      else if (name === 'hidden') node.hidden = true;
      else node.setAttribute(name, value === true ? '' : value);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function say(message) {
    $('action-error').textContent = '';
    $('action-result').textContent = message;
  }

  function fail(message) {
    $('action-result').textContent = '';
    $('action-error').textContent = message;
  }

  /** An error of one form, shown inside that form (its role="alert" box); the top banners are cleared so they cannot mislead. */
  function failInline(box, message) {
    $('action-result').textContent = '';
    $('action-error').textContent = '';
    box.textContent = message;
  }

  /** The inline error box of a form: always in the form (empty until an action of that form fails). */
  function errorBox(id) {
    return el('p', { class: 'inline-error', role: 'alert', id: id, testid: id });
  }

  function api(method, path, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) throw new Error(json && json.error ? json.error : method + ' ' + path + ' answered ' + response.status);
        return json;
      });
    });
  }

  function describeTriggers(result) {
    var triggers = (result.triggers || []).map(function (t) {
      return t.triggerKey + (t.outcome === 'done' ? '' : ' (' + t.outcome + ')');
    });
    return 'Fired ' + result.event.eventType + (triggers.length ? ' → ' + triggers.join(', ') : ' (no trigger subscribes)') + '.' + activityNote(result);
  }

  function activityInfo() {
    return (state.site && state.site.activity) || { triggers: [], webhookTypes: [] };
  }

  /**
   * For an event that reached one of the app's activity triggers (comments, worklogs):
   * whether the app sends webhooks for it, from the app's own list of webhook types.
   */
  function activityNote(result) {
    var activity = activityInfo();
    var reached = (result.triggers || [])
      .map(function (t) {
        return t.triggerKey;
      })
      .filter(function (key) {
        return activity.triggers.indexOf(key) >= 0;
      });
    if (!reached.length) return '';
    if (activity.webhookTypes.length) return ' It reached the app\'s ' + reached.join(', ') + ', which sends ' + activity.webhookTypes.join(', ') + ' webhooks: see Deliveries.';
    return ' It reached the app\'s ' + reached.join(', ') + '; the app does not send activity webhooks yet (planned), so no delivery appears.';
  }

  function renderActivityNote() {
    var activity = activityInfo();
    var note = !activity.triggers.length
      ? 'No trigger of the app subscribes to comment or worklog events.'
      : activity.webhookTypes.length
        ? 'Comments and worklogs reach the app\'s ' + activity.triggers.join(', ') + ', which sends ' + activity.webhookTypes.join(', ') + ' webhooks.'
        : 'Comments and worklogs reach the app\'s ' + activity.triggers.join(', ') + '; the app does not send activity webhooks yet (planned), so they add no delivery.';
    $('activity-note').textContent = note;
  }

  /**
   * Runs an action, says what happened, reloads the site and keeps keyboard focus where it
   * was. An action of a form says its error inside that form (`inlineError`), others in the
   * banner at the top.
   */
  function act(method, path, body, done, inlineError) {
    var focusedId = document.activeElement && document.activeElement.id;
    if (inlineError) inlineError.textContent = '';
    return api(method, path, Object.assign({ actorId: state.actingAs }, body || {})).then(
      function (result) {
        say(done + ' ' + describeTriggers(result));
        return loadSite(true).then(
          function () {
            var again = focusedId && $(focusedId);
            if (again) again.focus();
            refreshDeliveries();
          },
          function (error) {
            fail('Could not reload the simulated site: ' + error.message);
          },
        );
      },
      function (error) {
        if (inlineError) failInline(inlineError, error.message);
        else fail(error.message);
      },
    );
  }

  function userName(accountId) {
    var user = (state.site.users || []).find(function (u) {
      return u.accountId === accountId;
    });
    return user ? user.displayName : accountId;
  }

  function renderHeader() {
    var site = state.site;
    var app = site.app;
    var connection = app.connected ? 'connected to ' + app.workspaceName + ' (' + app.serverUrl + '), progress updates ' + (app.progressUpdatesEnabled ? 'on' : 'paused') : 'not connected yet: connect it on the admin page below';
    $('site-summary').textContent = 'Simulated Jira site ' + site.siteUrl + ' · ' + site.issues.length + ' issues · ' + site.users.length + ' users · the app is ' + connection + '.';
  }

  function renderActingAs() {
    var select = $('acting-as');
    if (select.options.length > 0) return;
    state.site.users.forEach(function (user) {
      select.appendChild(el('option', { value: user.accountId, text: user.displayName + (user.siteAdmin ? ' (Jira admin)' : '') }));
    });
    var admin = state.site.users.find(function (u) {
      return u.siteAdmin;
    });
    state.actingAs = admin ? admin.accountId : state.site.users[0].accountId;
    select.value = state.actingAs;
    select.addEventListener('change', function () {
      state.actingAs = select.value;
      say('Now acting as ' + userName(state.actingAs) + '.');
      renderAdmin();
      if (panel.key) openPanel(panel.key);
    });
  }

  function lozenge(issue) {
    return el('span', { class: 'lozenge cat-' + issue.categoryKey, text: issue.statusName });
  }

  function issueRow(issue) {
    var key = issue.key;
    var select = el('select', { id: 'transition-' + key, testid: 'transition-' + key }, [el('option', { value: '', text: 'Move to…' })]);
    state.site.statuses.forEach(function (status) {
      if (status.id !== issue.statusId) select.appendChild(el('option', { value: status.id, text: status.name }));
    });
    // A redraw (another action's, or the periodic refresh) must not undo the user's choice.
    if (state.transitionChoices[key] && state.transitionChoices[key] !== issue.statusId) select.value = state.transitionChoices[key];
    select.addEventListener('change', function () {
      state.transitionChoices[key] = select.value;
    });
    var krs = issue.linkedKeyResults.length
      ? issue.linkedKeyResults.map(function (id) {
          return el('span', { class: 'kr-tag', text: id });
        })
      : [el('span', { class: 'muted', text: '—' })];
    return el('tr', { 'data-testid': 'issue-row-' + key, 'data-key': key, 'data-category': issue.categoryKey }, [
      el('th', { scope: 'row', text: key }),
      el('td', { text: issue.summary }),
      el('td', { testid: 'status-' + key }, [lozenge(issue)]),
      el('td', {}, krs),
      el('td', {}, [
        el('div', { class: 'actions' }, [
          el('label', { for: 'transition-' + key, class: 'visually-hidden', text: 'New status for ' + key }),
          select,
          el('button', {
            type: 'button',
            id: 'transition-button-' + key,
            testid: 'transition-button-' + key,
            text: 'Transition',
            'aria-label': 'Transition ' + key,
            onclick: function () {
              if (!select.value) {
                fail('Choose the status to move ' + key + ' to first.');
                select.focus();
                return;
              }
              var name = select.options[select.selectedIndex].text;
              delete state.transitionChoices[key];
              act('POST', '/api/issues/' + encodeURIComponent(key) + '/transition', { statusId: select.value }, key + ' moved to ' + name + '.').then(function () {
                // The panel reads progress when it mounts, as in Jira: mount it again to show the new progress.
                if (panel.key === key) refreshPanel(true);
              });
            },
          }),
          el('button', {
            type: 'button',
            class: 'secondary',
            id: 'open-' + key,
            testid: 'open-' + key,
            text: 'Open',
            'aria-label': 'Open ' + key + ': its key results panel, comments and work log',
            'aria-controls': 'kr-panel-section issue-details',
            onclick: function () {
              state.selectedKey = key;
              renderDetails();
              openPanel(key);
              $('kr-panel-heading').focus();
            },
          }),
        ]),
      ]),
    ]);
  }

  function renderIssues() {
    var filter = $('issue-filter').value.trim().toLowerCase();
    var body = $('issue-rows');
    body.replaceChildren();
    state.site.issues
      .filter(function (issue) {
        if (!filter) return true;
        return (issue.key + ' ' + issue.summary + ' ' + issue.linkedKeyResults.join(' ') + ' ' + issue.statusName).toLowerCase().indexOf(filter) >= 0;
      })
      .forEach(function (issue) {
        body.appendChild(issueRow(issue));
      });
  }

  function field(id, label, control) {
    control.id = id;
    return el('div', { class: 'field' }, [el('label', { for: id, text: label }), control]);
  }

  function commentItem(issue, comment) {
    var base = 'comment-' + comment.id;
    var problem = errorBox(base + '-error');
    var text = el('textarea', { testid: base + '-body', 'aria-describedby': base + '-error' });
    text.value = comment.body;
    var path = '/api/issues/' + encodeURIComponent(issue.key) + '/comments/' + encodeURIComponent(comment.id);
    return el('li', { testid: base }, [
      el('form', { class: 'entry-form', testid: base + '-form', novalidate: true, onsubmit: function () {
        act('PUT', path, { body: text.value }, 'Comment ' + comment.id + ' on ' + issue.key + ' edited.', problem);
      } }, [
        el('p', { class: 'muted small', text: comment.author + ' · ' + new Date(comment.updated).toLocaleString() }),
        field(base + '-body', 'Comment ' + comment.id, text),
        el('div', { class: 'actions' }, [
          el('button', { type: 'submit', id: base + '-save', testid: base + '-save', text: 'Save comment' }),
          el('button', { type: 'button', class: 'danger', id: base + '-delete', testid: base + '-delete', text: 'Delete comment', onclick: function () {
            act('DELETE', path, {}, 'Comment ' + comment.id + ' on ' + issue.key + ' deleted.', problem);
          } }),
        ]),
        problem,
      ]),
    ]);
  }

  function worklogItem(issue, worklog) {
    var base = 'worklog-' + worklog.id;
    var problem = errorBox(base + '-error');
    var time = el('input', { type: 'text', testid: base + '-time', size: '8', 'aria-describedby': 'time-spent-hint ' + base + '-error' });
    time.value = worklog.timeSpent;
    var note = el('input', { type: 'text', testid: base + '-comment', size: '30' });
    note.value = worklog.comment;
    var path = '/api/issues/' + encodeURIComponent(issue.key) + '/worklogs/' + encodeURIComponent(worklog.id);
    return el('li', { testid: base }, [
      el('form', { class: 'entry-form', testid: base + '-form', novalidate: true, onsubmit: function () {
        act('PUT', path, { timeSpent: time.value, comment: note.value }, 'Worklog ' + worklog.id + ' on ' + issue.key + ' edited.', problem);
      } }, [
        el('p', { class: 'muted small', text: worklog.author + ' · started ' + new Date(worklog.started).toLocaleString() }),
        el('div', { class: 'inline-fields' }, [field(base + '-time', 'Time spent', time), field(base + '-comment', 'Work description', note)]),
        el('div', { class: 'actions' }, [
          el('button', { type: 'submit', id: base + '-save', testid: base + '-save', text: 'Save worklog' }),
          el('button', { type: 'button', class: 'danger', id: base + '-delete', testid: base + '-delete', text: 'Delete worklog', onclick: function () {
            act('DELETE', path, {}, 'Worklog ' + worklog.id + ' on ' + issue.key + ' deleted.', problem);
          } }),
        ]),
        problem,
      ]),
    ]);
  }

  function renderDetails() {
    var issue = state.selectedKey && state.site.issues.find(function (i) {
      return i.key === state.selectedKey;
    });
    var body = $('details-body');
    $('details-empty').hidden = Boolean(issue);
    body.hidden = !issue;
    body.replaceChildren();
    $('details-heading').textContent = issue ? 'Comments and work log of ' + issue.key : 'Comments and work log';
    if (!issue) return;
    var newComment = el('textarea', { testid: 'comment-new', 'aria-describedby': 'comment-new-error' });
    var newTime = el('input', { type: 'text', testid: 'worklog-new-time', placeholder: '1h 30m', size: '8', 'aria-describedby': 'time-spent-hint worklog-new-error' });
    var newNote = el('input', { type: 'text', testid: 'worklog-new-comment', size: '30' });
    var commentProblem = errorBox('comment-new-error');
    var worklogProblem = errorBox('worklog-new-error');
    var base = '/api/issues/' + encodeURIComponent(issue.key);
    body.append(
      el('p', { text: issue.summary }),
      el('h3', { text: 'Comments (' + issue.comments.length + ')' }),
      el('ul', { class: 'entry-list', testid: 'comments' }, issue.comments.map(function (c) {
        return commentItem(issue, c);
      })),
      el('form', { class: 'entry-form', testid: 'comment-new-form', novalidate: true, onsubmit: function () {
        act('POST', base + '/comments', { body: newComment.value }, 'Comment added to ' + issue.key + '.', commentProblem);
      } }, [
        field('comment-new', 'New comment on ' + issue.key, newComment),
        el('button', { type: 'submit', id: 'comment-add', testid: 'comment-add', text: 'Add comment' }),
        commentProblem,
      ]),
      el('h3', { text: 'Work log (' + issue.worklogs.length + ')' }),
      el('p', { class: 'muted small', id: 'time-spent-hint', text: 'Time spent as in Jira: "1w 2d 3h 30m", "2d", "45m" (1w = 5d, 1d = 8h), between 1m and 1w per worklog.' }),
      el('ul', { class: 'entry-list', testid: 'worklogs' }, issue.worklogs.map(function (w) {
        return worklogItem(issue, w);
      })),
      el('form', { class: 'entry-form', testid: 'worklog-new-form', novalidate: true, onsubmit: function () {
        act('POST', base + '/worklogs', { timeSpent: newTime.value, comment: newNote.value }, 'Work logged on ' + issue.key + '.', worklogProblem);
      } }, [
        el('div', { class: 'inline-fields' }, [field('worklog-new-time', 'Time spent', newTime), field('worklog-new-comment', 'Work description', newNote)]),
        el('button', { type: 'submit', id: 'worklog-add', testid: 'worklog-add', text: 'Log work' }),
        worklogProblem,
      ]),
    );
  }

  function renderKeyResults() {
    var list = $('kr-list');
    list.replaceChildren();
    state.site.keyResults.forEach(function (kr) {
      var counted = kr.counts.new + kr.counts.indeterminate + kr.counts.done;
      var progress = kr.progress === null ? 'no linked issues' : kr.progress + '%';
      list.appendChild(el('li', { testid: 'kr-app-' + kr.id, 'data-progress': kr.progress === null ? '' : String(kr.progress) }, [
        el('strong', { text: kr.id }),
        ' ' + kr.title + ': ' + progress + (counted ? ' (' + kr.counts.done + ' done, ' + kr.counts.indeterminate + ' in progress, ' + kr.counts.new + ' to do)' : ''),
      ]));
    });
  }

  function renderBackend() {
    var view = $('backend-view');
    $('backend-link').href = state.site.backendUrl + '/';
    if (view.childElementCount > 0) return;
    if (state.site.backend && state.site.backend.frameable) {
      view.appendChild(el('iframe', { class: 'backend-frame', title: 'Reference OKR backend page', src: state.site.backendUrl + '/', testid: 'backend-frame' }));
      return;
    }
    view.appendChild(el('p', { class: 'muted small', text: 'The backend page does not allow framing, so its key-result progress is shown here:' }));
    view.appendChild(el('ul', { class: 'kr-list', id: 'backend-progress', testid: 'backend-progress' }));
    refreshBackendProgress();
  }

  function refreshBackendProgress() {
    var list = $('backend-progress');
    if (!list) return;
    api('GET', '/api/backend/progress').then(function (answer) {
      list.replaceChildren();
      (answer.keyResults || []).forEach(function (kr) {
        var progress = kr.progress === null || kr.progress === undefined ? 'no progress received' : kr.progress + '% (sequence ' + kr.sequence + ')';
        list.appendChild(el('li', { testid: 'backend-kr-' + kr.id, 'data-progress': kr.progress === null || kr.progress === undefined ? '' : String(kr.progress) }, [el('strong', { text: kr.id }), ' ' + progress]));
      });
    }, function (error) {
      list.replaceChildren(el('li', { class: 'muted', text: error.message }));
    });
  }

  function renderAdmin() {
    var view = $('admin-view');
    view.replaceChildren();
    if (!state.site.adminPage.built) {
      view.appendChild(el('p', { testid: 'admin-not-built' }, ['The admin page is not built yet: run ', el('code', { text: 'npm run build' }), ' and reload this page.']));
      return;
    }
    view.appendChild(el('iframe', { class: 'admin-frame', title: "OKR Sync admin page, as " + userName(state.actingAs), src: state.site.adminPage.url + '?as=' + encodeURIComponent(state.actingAs), testid: 'admin-frame' }));
  }

  /*
   * The app's issue panel, drawn by the sandbox from the UI Kit tree the real panel
   * renders (GET /api/issues/<KEY>/panel). Its HTML comes from drawForgeDocHtml, which
   * escapes every text and attribute; the page adds none of its own to it. Clicks on
   * [data-forge-on-click] and typing in [data-forge-on-change] go back as events with
   * those handler ids, one request at a time (typing coalesces while one is out); every
   * answer is the panel redrawn.
   */
  var PANEL_POLL_MS = 4000;
  var PANEL_TYPING_PAUSE_MS = 300;
  // key/as: the panel on screen; queue: events and loads not sent yet; busy: one is out; typing: a change waiting for a pause.
  // statusFrom: whether the message under the panel is about a load or an event.
  var panel = { key: null, as: null, version: null, queue: [], busy: false, typing: null, generation: 0, statusFrom: null };

  function panelPath(key) {
    return '/api/issues/' + encodeURIComponent(key) + '/panel';
  }

  /** The line under the panel: what went wrong with the last load or event (`from`), or nothing. */
  function panelStatus(message, from) {
    var status = $('kr-panel-status');
    status.textContent = message || '';
    status.classList.toggle('error', Boolean(message));
    panel.statusFrom = message ? from : null;
  }

  function openPanel(key) {
    panel.key = key;
    panel.as = state.actingAs;
    panel.version = null;
    panel.queue = [];
    if (panel.typing) clearTimeout(panel.typing.timer);
    panel.typing = null;
    panel.generation += 1;
    $('kr-panel-empty').hidden = true;
    $('kr-panel-body').hidden = false;
    $('kr-panel-heading').textContent = 'Key results panel of ' + key;
    $('kr-panel-title').textContent = 'Key results · ' + key + ' as ' + userName(panel.as);
    $('kr-panel-view').replaceChildren(el('p', { class: 'muted', text: 'Loading the panel…' }));
    panelStatus('');
    refreshPanel(true);
  }

  /** Reads the panel again; `reload` mounts it again (it then reads the app's current state, as opening the issue in Jira does). */
  function refreshPanel(reload) {
    if (!panel.key) return;
    var last = panel.queue[panel.queue.length - 1];
    if (last && last.kind === 'load') last.reload = last.reload || reload;
    else panel.queue.push({ kind: 'load', reload: reload });
    pumpPanel();
  }

  function queuePanelEvent(item) {
    var last = panel.queue[panel.queue.length - 1];
    // Typing while a request is out: only the field's newest text needs sending.
    if (item.kind === 'change' && last && last.kind === 'change' && last.fieldId === item.fieldId) return pumpPanel();
    panel.queue.push(item);
    pumpPanel();
  }

  function pumpPanel() {
    if (panel.busy || !panel.queue.length || !panel.key) return;
    var item = panel.queue.shift();
    var key = panel.key;
    var as = panel.as;
    var generation = panel.generation;
    var request;
    if (item.kind === 'click' && item.version !== panel.version) {
      // The panel was drawn again (mounted again, say) after the click: the same button now, by its label.
      var same = clickables($('kr-panel-view')).filter(function (b) {
        return b.textContent === item.text;
      })[item.nth];
      if (!same) {
        panelStatus('The panel changed before your click on “' + item.text + '” reached it: click again.', 'event');
        return pumpPanel();
      }
      item.handlerId = same.getAttribute('data-forge-on-click');
    }
    if (item.kind === 'load') {
      request = api('GET', panelPath(key) + '?as=' + encodeURIComponent(as) + (item.reload ? '&reload=1' : ''));
    } else {
      var body = { as: as, kind: item.kind, handlerId: item.handlerId };
      if (item.kind === 'change') {
        // The field as it is now: its current handler id and everything typed so far.
        var field = item.fieldId ? document.getElementById(item.fieldId) : null;
        if (field && $('kr-panel-view').contains(field)) {
          body.handlerId = field.getAttribute('data-forge-on-change') || body.handlerId;
          body.value = field.value;
        } else {
          body.value = item.value;
        }
      }
      request = api('POST', panelPath(key) + '/events', body);
    }
    panel.busy = true;
    request.then(
      function (drawing) {
        panel.busy = false;
        if (generation !== panel.generation) return pumpPanel();
        // A good event clears any message; a good load clears only a failed load's (not what an event was refused for).
        if (item.kind !== 'load' || panel.statusFrom === 'load') panelStatus('');
        showPanel(drawing);
        pumpPanel();
      },
      function (error) {
        panel.busy = false;
        if (generation !== panel.generation) return pumpPanel();
        panelStatus((item.kind === 'load' ? 'The panel could not be drawn: ' : 'The panel refused that: ') + error.message, item.kind === 'load' ? 'load' : 'event');
        // Draw what the panel shows now (even if its version did not move), so the next click uses its current handlers.
        if (item.kind !== 'load') {
          panel.version = null;
          refreshPanel(false);
        }
        else pumpPanel();
      },
    );
  }

  function clickables(view) {
    return Array.prototype.slice.call(view.querySelectorAll('[data-forge-on-click]'));
  }

  function panelControls(view) {
    return Array.prototype.slice.call(view.querySelectorAll('button, input'));
  }

  /** Replaces the drawn panel, keeping keyboard focus (and the text being typed) where it was. */
  function showPanel(drawing) {
    if (drawing.version === panel.version) return;
    panel.version = drawing.version;
    var view = $('kr-panel-view');
    var focused = document.activeElement;
    var keep = null;
    if (focused && focused !== view && view.contains(focused)) {
      keep = {
        id: focused.id,
        text: focused.textContent,
        index: panelControls(view).indexOf(focused),
        isField: focused.tagName === 'INPUT',
        value: focused.value,
        start: focused.selectionStart,
        end: focused.selectionEnd,
      };
    }
    view.innerHTML = drawing.html; // drawForgeDocHtml escapes all text and attributes.
    view.setAttribute('data-version', String(drawing.version));
    if (!keep) return;
    var controls = panelControls(view);
    var again = (keep.id && document.getElementById(keep.id)) || controls.find(function (c) {
      return !keep.isField && c.tagName === 'BUTTON' && c.textContent === keep.text;
    }) || controls[keep.index];
    if (!again || again.disabled) again = view; // the control is gone (Link became "Linked"): stay in the panel
    again.focus();
    if (keep.isField && again.tagName === 'INPUT') {
      var typing = panel.busy || panel.typing !== null || panel.queue.some(function (item) {
        return item.kind === 'change';
      });
      // Text typed after the request went out wins over the drawn (older) value.
      if (typing && again.value !== keep.value) again.value = keep.value;
      if (keep.start !== null && keep.start !== undefined) again.setSelectionRange(keep.start, keep.end);
    }
  }

  /** Sends the typing that waits for its pause now (before a click, so the panel gets them in order). */
  function flushTyping() {
    var pending = panel.typing;
    if (!pending) return;
    clearTimeout(pending.timer);
    panel.typing = null;
    queuePanelEvent(pending.item);
  }

  (function wirePanel() {
    var view = $('kr-panel-view');
    view.addEventListener('click', function (event) {
      var target = event.target.closest('[data-forge-on-click]');
      if (!target || !view.contains(target) || target.disabled) return;
      event.preventDefault();
      flushTyping();
      var twins = clickables(view).filter(function (b) {
        return b.textContent === target.textContent;
      });
      queuePanelEvent({ kind: 'click', handlerId: target.getAttribute('data-forge-on-click'), version: panel.version, text: target.textContent, nth: twins.indexOf(target) });
    });
    // Typing goes out once it pauses for PANEL_TYPING_PAUSE_MS (the panel then waits its own 300 ms before searching).
    view.addEventListener('input', function (event) {
      var target = event.target.closest('[data-forge-on-change]');
      if (!target || !view.contains(target)) return;
      if (panel.typing) clearTimeout(panel.typing.timer);
      panel.typing = {
        item: { kind: 'change', handlerId: target.getAttribute('data-forge-on-change'), fieldId: target.id, value: target.value },
        timer: setTimeout(flushTyping, PANEL_TYPING_PAUSE_MS),
      };
    });
  })();

  /** While the panel is shown and nobody is using it, mount it again now and then so new progress shows up. */
  function pollPanel() {
    if (!panel.key || document.visibilityState === 'hidden' || panel.busy || panel.typing || panel.queue.length) return;
    var view = $('kr-panel-view');
    var inUse = view.contains(document.activeElement) || panelControls(view).some(function (c) {
      return c.tagName === 'INPUT' && c.value !== '';
    });
    refreshPanel(!inUse);
  }

  /** What a webhook is about: the issue (key, else id) of a status change, the key result of a progress update. */
  function subjectOf(d) {
    var data = d.payload && typeof d.payload === 'object' && d.payload.data && typeof d.payload.data === 'object' ? d.payload.data : {};
    var issue = data.issue && typeof data.issue === 'object' ? data.issue : null;
    if (issue && (issue.key || issue.id)) {
      var to = data.to && data.to.name ? ' → ' + data.to.name : '';
      return (issue.key || 'issue ' + issue.id) + to;
    }
    return d.keyResultId || (typeof data.keyResultId === 'string' ? data.keyResultId : '');
  }

  /** Element ids from webhook ids ("(no webhook-id) <time>" has spaces). */
  function domId(prefix, webhookId) {
    return prefix + webhookId.replace(/[^A-Za-z0-9_-]/g, '_');
  }

  /** A delivery's row and, below it, its payload row (hidden until its Payload button opens it). */
  function deliveryRows(d) {
    var app = d.app ? d.app.status + (d.app.attempts > 1 ? ' after ' + d.app.attempts + ' attempts' : '') + (d.app.lastError ? ': ' + d.app.lastError : '') : 'no record in the app';
    var receipt = d.backend.receipts[0];
    var backend = d.backend.verdict + (receipt && receipt.verification !== 'verified' ? ' (' + receipt.verification + (receipt.reason ? ': ' + receipt.reason : '') + ')' : '');
    var when = d.app ? d.app.createdAt : receipt ? receipt.receivedAt : null;
    var subject = subjectOf(d);
    var about = [subject, when ? new Date(when).toLocaleTimeString() : ''].filter(Boolean).join(' · ');
    var hasPayload = d.payload !== null && d.payload !== undefined;
    var payloadId = domId('payload-', d.webhookId);
    var open = hasPayload && state.openPayloads[d.webhookId] === true;
    var payloadRow = null;
    var toggle = null;
    if (hasPayload) {
      var json = typeof d.payload === 'string' ? d.payload : JSON.stringify(d.payload, null, 2);
      payloadRow = el('tr', { id: payloadId, class: 'payload-row', testid: 'payload-' + d.webhookId, hidden: !open }, [
        el('td', { colspan: '3' }, [el('pre', { tabindex: '0', 'aria-label': 'Payload of webhook ' + d.webhookId, text: json })]),
      ]);
      toggle = el('button', {
        type: 'button',
        class: 'link-button',
        id: domId('payload-toggle-', d.webhookId),
        testid: 'payload-toggle-' + d.webhookId,
        'aria-expanded': open ? 'true' : 'false',
        'aria-controls': payloadId,
        'aria-label': 'Payload of ' + (d.type || 'webhook') + (subject ? ' ' + subject : '') + ' (' + d.webhookId + ')',
        text: 'Payload',
        onclick: function () {
          var opening = payloadRow.hidden;
          payloadRow.hidden = !opening;
          toggle.setAttribute('aria-expanded', opening ? 'true' : 'false');
          if (opening) state.openPayloads[d.webhookId] = true;
          else delete state.openPayloads[d.webhookId];
        },
      });
    }
    var row = el('tr', { testid: 'delivery-' + d.webhookId, 'data-verdict': d.backend.verdict }, [
      el('td', {}, [
        el('span', { class: 'webhook-type', text: d.type || '?' }),
        about ? el('span', { class: 'muted small block', testid: 'delivery-subject-' + d.webhookId, text: about }) : null,
        toggle || el('span', { class: 'muted small block', text: 'no payload kept' }),
      ]),
      el('td', { text: app }),
      el('td', { class: 'verdict-' + d.backend.verdict.replace(' ', '-'), text: backend }),
    ]);
    return payloadRow ? [row, payloadRow] : [row];
  }

  function refreshDeliveries() {
    return api('GET', '/api/deliveries').then(function (answer) {
      var list = answer.deliveries.slice(0, 60);
      var key = JSON.stringify(list.map(function (d) {
        return [d.webhookId, d.app && d.app.status, d.backend.verdict];
      }));
      $('deliveries-note').textContent = answer.backendError ? 'Backend: ' + answer.backendError : answer.deliveries.length + ' deliveries.';
      if (key === state.deliveriesKey) return;
      state.deliveriesKey = key;
      var focused = document.activeElement;
      var refocus = focused && $('delivery-rows').contains(focused) ? focused.id : null;
      var rows = [];
      list.forEach(function (d) {
        rows.push.apply(rows, deliveryRows(d));
      });
      $('delivery-rows').replaceChildren.apply($('delivery-rows'), rows);
      var again = refocus && $(refocus);
      if (again) again.focus();
      refreshBackendProgress();
      loadSite();
    }, function () {
      $('deliveries-note').textContent = 'The sandbox is not answering; is it still running?';
    });
  }

  /** The header follows the app's settings (changed on the admin page, say) without waiting for a delivery. */
  function refreshApp() {
    if (!state.site) return;
    api('GET', '/api/app').then(function (app) {
      state.site.app = app;
      renderHeader();
    }, function () {
      // refreshDeliveries says when the sandbox is not answering.
    });
  }

  /** `force` re-renders the issue table even while it has focus (after the user's own action). */
  function loadSite(force) {
    return api('GET', '/api/site').then(function (site) {
      var first = state.site === null || force === true;
      state.site = site;
      renderHeader();
      renderActivityNote();
      renderActingAs();
      renderKeyResults();
      renderBackend();
      // Re-rendering the table under the user's hands would lose their focus and choices.
      if (first || !document.activeElement || !$('issue-rows').contains(document.activeElement)) renderIssues();
      if (first || !$('details-body').contains(document.activeElement)) renderDetails();
      if (state.site && !$('admin-view').childElementCount) renderAdmin();
    });
  }

  $('issue-filter').addEventListener('input', renderIssues);
  loadSite(true).then(refreshDeliveries, function (error) {
    fail('Could not load the simulated site: ' + error.message);
  });
  setInterval(function () {
    refreshDeliveries();
    refreshApp();
  }, 1500);
  setInterval(pollPanel, PANEL_POLL_MS);
})();
