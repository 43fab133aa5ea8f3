/* global document, fetch, setInterval */
/*
 * The sandbox page's script: plain DOM, no framework, no external assets. Text from the
 * site always goes through textContent, never innerHTML. Test hooks are data-testid
 * attributes (listed in test/browser/sandbox-e2e.test.ts).
 */
(function () {
  'use strict';

  var state = { site: null, actingAs: null, selectedKey: null, deliveriesKey: '' };
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
    return 'Fired ' + result.event.eventType + (triggers.length ? ' → ' + triggers.join(', ') : ' (no trigger subscribes)') + '.';
  }

  /** Runs an action, says what happened, reloads the site and keeps keyboard focus where it was. */
  function act(method, path, body, done) {
    var focusedId = document.activeElement && document.activeElement.id;
    return api(method, path, Object.assign({ actorId: state.actingAs }, body || {}))
      .then(function (result) {
        say(done + ' ' + describeTriggers(result));
        return loadSite(true).then(function () {
          var again = focusedId && $(focusedId);
          if (again) again.focus();
          refreshDeliveries();
        });
      })
      .catch(function (error) {
        fail(error.message);
      });
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
              act('POST', '/api/issues/' + encodeURIComponent(key) + '/transition', { statusId: select.value }, key + ' moved to ' + name + '.');
            },
          }),
          el('button', {
            type: 'button',
            class: 'secondary',
            id: 'open-' + key,
            testid: 'open-' + key,
            text: 'Comments & work',
            'aria-label': 'Comments & work: ' + key,
            'aria-controls': 'issue-details',
            onclick: function () {
              state.selectedKey = key;
              renderDetails();
              $('details-heading').focus();
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
    var text = el('textarea', { testid: base + '-body' });
    text.value = comment.body;
    var path = '/api/issues/' + encodeURIComponent(issue.key) + '/comments/' + encodeURIComponent(comment.id);
    return el('li', { testid: base }, [
      el('p', { class: 'muted small', text: comment.author + ' · ' + new Date(comment.updated).toLocaleString() }),
      field(base + '-body', 'Comment ' + comment.id, text),
      el('div', { class: 'actions' }, [
        el('button', { type: 'button', id: base + '-save', testid: base + '-save', text: 'Save comment', onclick: function () {
          act('PUT', path, { body: text.value }, 'Comment ' + comment.id + ' on ' + issue.key + ' edited.');
        } }),
        el('button', { type: 'button', class: 'danger', id: base + '-delete', testid: base + '-delete', text: 'Delete comment', onclick: function () {
          act('DELETE', path, {}, 'Comment ' + comment.id + ' on ' + issue.key + ' deleted.');
        } }),
      ]),
    ]);
  }

  function worklogItem(issue, worklog) {
    var base = 'worklog-' + worklog.id;
    var time = el('input', { type: 'text', testid: base + '-time', size: '8' });
    time.value = worklog.timeSpent;
    var note = el('input', { type: 'text', testid: base + '-comment', size: '30' });
    note.value = worklog.comment;
    var path = '/api/issues/' + encodeURIComponent(issue.key) + '/worklogs/' + encodeURIComponent(worklog.id);
    return el('li', { testid: base }, [
      el('p', { class: 'muted small', text: worklog.author + ' · started ' + new Date(worklog.started).toLocaleString() }),
      el('div', { class: 'inline-fields' }, [field(base + '-time', 'Time spent', time), field(base + '-comment', 'Work description', note)]),
      el('div', { class: 'actions' }, [
        el('button', { type: 'button', id: base + '-save', testid: base + '-save', text: 'Save worklog', onclick: function () {
          act('PUT', path, { timeSpent: time.value, comment: note.value }, 'Worklog ' + worklog.id + ' on ' + issue.key + ' edited.');
        } }),
        el('button', { type: 'button', class: 'danger', id: base + '-delete', testid: base + '-delete', text: 'Delete worklog', onclick: function () {
          act('DELETE', path, {}, 'Worklog ' + worklog.id + ' on ' + issue.key + ' deleted.');
        } }),
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
    var newComment = el('textarea', { testid: 'comment-new' });
    var newTime = el('input', { type: 'text', testid: 'worklog-new-time', placeholder: '1h 30m', size: '8' });
    var newNote = el('input', { type: 'text', testid: 'worklog-new-comment', size: '30' });
    var base = '/api/issues/' + encodeURIComponent(issue.key);
    body.append(
      el('p', { text: issue.summary }),
      el('h3', { text: 'Comments (' + issue.comments.length + ')' }),
      el('ul', { class: 'entry-list', testid: 'comments' }, issue.comments.map(function (c) {
        return commentItem(issue, c);
      })),
      field('comment-new', 'New comment on ' + issue.key, newComment),
      el('button', { type: 'button', id: 'comment-add', testid: 'comment-add', text: 'Add comment', onclick: function () {
        act('POST', base + '/comments', { body: newComment.value }, 'Comment added to ' + issue.key + '.');
      } }),
      el('h3', { text: 'Work log (' + issue.worklogs.length + ')' }),
      el('ul', { class: 'entry-list', testid: 'worklogs' }, issue.worklogs.map(function (w) {
        return worklogItem(issue, w);
      })),
      el('div', { class: 'inline-fields' }, [field('worklog-new-time', 'Time spent', newTime), field('worklog-new-comment', 'Work description', newNote)]),
      el('button', { type: 'button', id: 'worklog-add', testid: 'worklog-add', text: 'Log work', onclick: function () {
        act('POST', base + '/worklogs', { timeSpent: newTime.value, comment: newNote.value }, 'Work logged on ' + issue.key + '.');
      } }),
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

  function deliveryRow(d) {
    var app = d.app ? d.app.status + (d.app.attempts > 1 ? ' after ' + d.app.attempts + ' attempts' : '') + (d.app.lastError ? ': ' + d.app.lastError : '') : 'no record in the app';
    var receipt = d.backend.receipts[0];
    var backend = d.backend.verdict + (receipt && receipt.verification !== 'verified' ? ' (' + receipt.verification + (receipt.reason ? ': ' + receipt.reason : '') + ')' : '');
    var when = d.app ? d.app.createdAt : receipt ? receipt.receivedAt : null;
    return el('tr', { testid: 'delivery-' + d.webhookId, 'data-verdict': d.backend.verdict }, [
      el('td', { text: when ? new Date(when).toLocaleTimeString() : '' }),
      el('td', {}, [el('span', { text: d.type || '?' }), d.keyResultId ? el('span', { class: 'muted small block', text: d.keyResultId }) : null]),
      el('td', { text: app }),
      el('td', { class: 'verdict-' + d.backend.verdict.replace(' ', '-'), text: backend }),
    ]);
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
      $('delivery-rows').replaceChildren.apply($('delivery-rows'), list.map(deliveryRow));
      refreshBackendProgress();
      loadSite();
    }, function () {
      $('deliveries-note').textContent = 'The sandbox is not answering; is it still running?';
    });
  }

  /** `force` re-renders the issue table even while it has focus (after the user's own action). */
  function loadSite(force) {
    return api('GET', '/api/site').then(function (site) {
      var first = state.site === null || force === true;
      state.site = site;
      renderHeader();
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
  setInterval(refreshDeliveries, 1500);
})();
