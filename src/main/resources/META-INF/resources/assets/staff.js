// Small progressive helpers of the studio and dashboard pages; every page works without them.

import { problemText } from './session.js';

// Destructive actions ask first (stop or reset a lab, freeze an exercise).
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}

// Long synchronous posts (catalog sync) show that they are working and cannot be sent twice.
for (const form of document.querySelectorAll('form[data-busy-form]')) {
  form.addEventListener('submit', () => {
    const busy = form.querySelector('.busy');
    if (busy) busy.hidden = false;
    form.querySelector('button[type=submit]')?.setAttribute('disabled', '');
    form.setAttribute('aria-busy', 'true');
  });
}

document.querySelector('[data-print]')?.addEventListener('click', () => window.print());

// Roster import: upload, then follow the background job until its result file is ready.
const roster = document.getElementById('roster-form');
if (roster) {
  const panel = document.getElementById('roster-job');
  const text = (id, value) => { document.getElementById(id).textContent = String(value); };
  // A rejected row's reason in the page's language, by its stable code (the English words of
  // the API and the result file only for a code this page does not know).
  const reason = (e) => (e.code && panel.dataset['reason' + e.code.split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1)).join('')]) || e.message || '';
  const show = (status) => {
    panel.hidden = false;
    text('roster-state', panel.dataset['state' + status.state[0].toUpperCase() + status.state.slice(1)] ?? status.state);
    text('roster-count', `${status.processed} / ${status.total}`);
    const bar = document.getElementById('roster-progress');
    bar.max = Math.max(1, status.total);
    bar.value = status.processed;
    text('roster-created', status.created);
    text('roster-updated', status.updated);
    text('roster-unchanged', status.unchanged);
    text('roster-failed', status.failed);
    const errors = document.getElementById('roster-errors');
    const body = errors.querySelector('tbody');
    body.replaceChildren(...(status.errors ?? []).map((e) => {
      const tr = document.createElement('tr');
      for (const v of [e.row, e.participantId ?? '', reason(e)]) {
        const td = document.createElement('td');
        td.textContent = String(v);
        tr.append(td);
      }
      return tr;
    }));
    errors.hidden = body.children.length === 0;
    const result = document.getElementById('roster-result');
    // The result file lists the accounts created (with their first passwords): only offered
    // when the import created someone.
    if (status.state === 'done' && status.resultUrl && status.created > 0) {
      result.href = status.resultUrl;
      result.hidden = false;
    }
  };
  const follow = async (url) => {
    for (;;) {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const status = await response.json();
      show(status);
      if (status.state === 'done' || status.state === 'failed') return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  roster.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = document.getElementById('roster-submit');
    button.disabled = true;
    try {
      const response = await fetch(roster.action, {
        method: 'POST', body: new FormData(roster), headers: { Accept: 'application/json', 'X-B2C-Request': '1' },
      });
      const answer = await response.json();
      if (response.status !== 202) {
        panel.hidden = false;
        text('roster-state', `${panel.dataset.rejected} ${problemText(answer, response.status)}`);
        return;
      }
      show(answer);
      await follow(response.headers.get('Location') ?? `/api/admin/roster/${answer.jobId}`);
    } finally {
      button.disabled = false;
    }
  });
}
