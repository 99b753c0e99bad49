// The challenge page: flag answers without reload, hints with their cost confirmed, and the lab
// panel driven by the labs API and its state stream (/api/labs/events).

import { api, SessionEndedError } from './session.js';
import { onScoreChange } from './live.js';
import { stream } from './streams.js';
import { followScenario } from './scenario.js';

const page = document.getElementById('challenge');
const slug = page.dataset.slug;
const texts = document.getElementById('texts').dataset;
const fill = (text, ...values) => values.reduce((t, v) => t.replace('%s', String(v)), text);

function say(element, text, kind) {
  element.textContent = text;
  element.dataset.kind = kind;
}

// ---- live facts: the solve count and my solved mark follow every pushed score change ----
// (a team member's page follows the team board too: a teammate's solve is solved for me)

const solvedMark = document.getElementById('solved-mark');

function showSolved() {
  solvedMark.hidden = false;
  // A solved challenge takes no more flags, and its hints would cost points for nothing.
  document.getElementById('flag-input').disabled = true;
  document.getElementById('flag-submit').disabled = true;
  document.querySelectorAll('.hint-unlock').forEach((b) => { b.disabled = true; });
}

const refreshFacts = onScoreChange(async () => {
  const detail = await api('GET', `/api/challenges/${encodeURIComponent(slug)}`);
  const solves = document.getElementById('solve-count');
  solves.dataset.solves = String(detail.solves);
  solves.textContent = fill(texts.solveCount, detail.solves);
  if (detail.solved) {
    showSolved();
  }
}, undefined, { teams: page.dataset.team === 'true' });

// ---- flag form ----

const form = document.getElementById('flag-form');
const result = document.getElementById('flag-result');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('flag-input');
  const button = document.getElementById('flag-submit');
  button.disabled = true;
  try {
    const answer = await api('POST', `/api/challenges/${encodeURIComponent(slug)}/submissions`,
      { flag: input.value.trim() });
    const messages = {
      correct: [answer.bonus > 0 ? fill(texts.correctBonus, answer.points, answer.bonus)
        : fill(texts.correct, answer.points), 'correct'],
      wrong: [answer.attemptsLeft == null ? texts.wrong
        : fill(texts.wrongLeft, answer.attemptsLeft), 'wrong'],
      already_solved: [texts.already, 'already'],
      partial: [texts.partial, 'partial'],
    };
    const [text, kind] = messages[answer.status] ?? [answer.message, answer.status];
    say(result, text, kind);
    if (answer.status === 'correct') {
      input.value = '';
      showSolved();
    }
    if (answer.status === 'correct' || answer.status === 'already_solved') {
      refreshFacts();
    }
  } catch (error) {
    if (error instanceof SessionEndedError) {
      say(result, error.message, 'session-ended');
    } else if (error.status === 429) {
      say(result, fill(texts.rate, error.retryAfter ?? '?'), 'rate-limited');
    } else {
      say(result, fill(texts.error, error.message), 'error');
    }
  } finally {
    button.disabled = !solvedMark.hidden;
    result.focus?.();
  }
});

// ---- hints ----

for (const button of document.querySelectorAll('.hint-unlock')) {
  button.addEventListener('click', async () => {
    const hint = button.closest('.hint');
    if (!window.confirm(fill(texts.hintConfirm, hint.dataset.cost))) {
      return;
    }
    const content = hint.querySelector('.hint-content');
    try {
      await api('POST',
        `/api/challenges/${encodeURIComponent(slug)}/hints/${hint.dataset.index}/unlock`);
      // The page renders an unlocked hint's Markdown (sanitized on the server): take it from there.
      const fresh = await fetch(window.location.pathname, { headers: { Accept: 'text/html' } })
        .then((r) => r.text())
        .then((html) => new DOMParser().parseFromString(html, 'text/html'));
      const rendered = fresh.querySelector(
        `.hint[data-index="${CSS.escape(hint.dataset.index)}"] .hint-content`);
      content.replaceChildren(...(rendered === null ? [] : rendered.childNodes));
      content.hidden = false;
      button.remove();
    } catch (error) {
      content.textContent = fill(texts.error, error.message);
      content.hidden = false;
    }
  });
}

// ---- lab panel ----

const panel = document.getElementById('lab-panel');
if (panel !== null) {
  const el = (id) => document.getElementById(id);
  const ACTIVE = ['PROVISIONING', 'STARTING', 'RUNNING', 'STOPPING'];
  // Where each state sits on the way to a running lab.
  const PROGRESS = { PROVISIONING: 25, STARTING: 70, RUNNING: 100 };
  let lab = null;
  let countdown = null;

  const status = (state, reason) => ({
    PROVISIONING: texts.provisioning,
    STARTING: texts.starting,
    RUNNING: texts.running,
    STOPPING: texts.stopping,
    STOPPED: texts.stopped,
    FAILED: fill(texts.failed, reason ?? ''),
  })[state] ?? texts.labNone;

  function tick() {
    if (lab === null || lab.expiresAt === null || lab.state !== 'RUNNING') {
      return;
    }
    const left = Math.max(0, Math.round((Date.parse(lab.expiresAt) - Date.now()) / 1000));
    const hh = Math.floor(left / 3600);
    const mm = String(Math.floor((left % 3600) / 60)).padStart(2, '0');
    const ss = String(left % 60).padStart(2, '0');
    const time = el('lab-countdown');
    time.textContent = left === 0 ? texts.expired : `${hh > 0 ? `${hh}:` : ''}${mm}:${ss}`;
    time.setAttribute('datetime', `PT${left}S`);
  }

  // A tcp port's tunnel: a one-time ticket in a command the trainee runs on their own machine
  // with the range's client (labs.LabTunnels); the lab's ports are published nowhere else.
  function tunnelButton(port) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary lab-tunnel';
    button.textContent = texts.tunnel;
    const out = document.createElement('div');
    out.className = 'lab-tunnel-help';
    button.addEventListener('click', async () => {
      try {
        const ticket = await api('POST', `${port.tunnel}/ticket`);
        const help = document.createElement('p');
        help.textContent = texts.tunnelHelp;
        const code = document.createElement('code');
        code.textContent = ticket.command;
        const client = document.createElement('a');
        client.href = ticket.client;
        client.download = 'B2cTunnel.java';
        client.textContent = texts.tunnelClient;
        out.replaceChildren(help, code, ' ', client);
      } catch (error) {
        say(out, error.message, 'wrong');
      }
    });
    const span = document.createElement('span');
    span.append(button, out);
    return span;
  }

  const ORDER = ['PROVISIONING', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED'];

  function show(view) {
    // An answer overtaken by a pushed event must not move the same lab back in its life.
    if (view !== null && lab !== null && view.id === lab.id
        && ORDER.indexOf(view.state) < ORDER.indexOf(lab.state)) {
      return;
    }
    lab = view;
    // A live-fire lab's scenario panel follows the lab shown (also once it ended: its ticks stay).
    followScenario(view === null || view.state === 'FAILED' ? null : view.id);
    const state = view === null ? 'NONE' : view.state;
    const active = ACTIVE.includes(state);
    const running = state === 'RUNNING';
    panel.dataset.state = state;
    panel.dataset.lab = view === null ? '' : view.id;
    el('lab-status').textContent = view === null ? texts.labNone : status(state, view.reason);
    const progress = el('lab-progress');
    progress.hidden = !(state in PROGRESS);
    progress.value = PROGRESS[state] ?? 0;
    el('lab-start').hidden = active;
    el('lab-stop').hidden = !active || state === 'STOPPING';
    el('lab-extend').hidden = !running;
    const terminal = el('lab-terminal');
    terminal.hidden = !running || view.terminal === null;
    terminal.href = view === null ? '#' : `/labs/${encodeURIComponent(view.id)}/terminal`;
    el('lab-expiry').hidden = !running;
    const check = el('lab-check');
    if (check !== null) {
      check.disabled = !running;
    }
    const ports = el('lab-ports');
    ports.replaceChildren(...(running ? view.ports : []).map((port) => {
      const li = document.createElement('li');
      if (port.url) {
        const a = document.createElement('a');
        // A one-time link into the lab's own origin (never the range's: see labs.LabWebOrigin).
        a.href = `/api/labs/${encodeURIComponent(view.id)}/web/${port.port}`;
        a.target = '_blank';
        a.rel = 'noopener';
        a.className = 'lab-web';
        a.textContent = `${texts.open} (${port.port}/${port.protocol})`;
        li.append(a, ' ');
      } else {
        li.append(`${port.port}/${port.protocol} `);
      }
      if (port.tunnel) {
        li.append(tunnelButton(port));
      }
      return li;
    }));
    clearInterval(countdown);
    if (running) {
      tick();
      countdown = setInterval(tick, 1000);
    }
  }

  async function act(button, work) {
    button.disabled = true;
    try {
      show(await work());
    } catch (error) {
      el('lab-status').textContent = fill(texts.error, error.message);
    } finally {
      button.disabled = false;
    }
  }

  el('lab-start').addEventListener('click', (event) =>
    act(event.currentTarget, () => api('POST', `/api/labs/${encodeURIComponent(slug)}`)));
  el('lab-stop').addEventListener('click', (event) => {
    if (window.confirm(texts.stopConfirm)) {
      act(event.currentTarget, () => api('DELETE', `/api/labs/${lab.id}`));
    }
  });
  el('lab-extend').addEventListener('click', (event) =>
    act(event.currentTarget, () => api('POST', `/api/labs/${lab.id}/extend`)));

  const check = el('lab-check');
  if (check !== null) {
    check.addEventListener('click', async () => {
      check.disabled = true;
      const summary = el('check-summary');
      try {
        const report = await api('POST', `/api/labs/${lab.id}/check`);
        for (const c of report.checks) {
          const row = document.querySelector(`#lab-checks [data-check="${CSS.escape(c.name)}"]`);
          const mark = row?.querySelector('.check-result');
          if (mark) {
            mark.textContent = c.passed ? `✓ ${texts.checkPassed}` : `✗ ${texts.checkFailed}`;
            mark.dataset.passed = String(c.passed);
            mark.title = c.output ?? '';
          }
        }
        say(summary, fill(texts.checkSummary, report.passed, report.total),
          report.passed === report.total ? 'correct' : 'wrong');
      } catch (error) {
        say(summary, fill(texts.error, error.message), 'error');
      } finally {
        check.disabled = lab === null || lab.state !== 'RUNNING';
      }
    });
  }

  // The newest lab of this challenge, then every change pushed by the state stream.
  if (!el('lab-start').disabled) {
    api('GET', '/api/labs').then((labs) => {
      const mine = labs.filter((l) => l.challenge === slug)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      const current = mine.find((l) => ACTIVE.includes(l.state));
      if (lab === null && current) {
        show(current);
      }
    }).catch(() => {});
    const events = stream('/api/labs/events');
    events.onmessage = (message) => {
      const view = JSON.parse(message.data);
      if (view.challenge === slug && (lab === null || lab.id === view.id
          || ACTIVE.includes(view.state))) {
        show(view);
      }
    };
  }
}
