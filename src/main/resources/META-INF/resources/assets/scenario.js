// The scenario panel of a live-fire lab: its clock, one light per checked service, the
// adversary's attacks and the score of each tick. It reads the lab's scenario once
// (GET /api/labs/{id}/scenario) and then applies every tick pushed on the lab's own stream
// (/api/labs/{id}/scenario/events), reading again whenever the stream (re)connects.

import { api } from './session.js';
import { stream as openStream } from './streams.js';

const panel = document.getElementById('scenario-panel');
const texts = document.getElementById('scenario-texts')?.dataset ?? {};
const lang = document.documentElement.lang || 'id';
const el = (id) => document.getElementById(id);
/** Rows of the tick table shown, newest first (the total counts every tick). */
const TICKS_SHOWN = 20;
/** Attack events listed, newest first. */
const ATTACKS_SHOWN = 30;

let current = null;
let stream = null;
let nextAt = null;
let shownTick = 0;
let countdown = null;
const ticks = new Map();
const attacks = new Map();

const statusText = (status) => ({
  ok: texts.ok, faulty: texts.faulty, down: texts.down, compromised: texts.compromised,
})[status] ?? texts.notChecked;
const outcomeText = (outcome) => ({
  succeeded: texts.succeeded, stopped: texts.stopped,
})[outcome] ?? texts.notRun;

function light(check, tick) {
  const row = panel.querySelector(`#scenario-checks [data-check="${CSS.escape(check.name)}"]`);
  if (row === null || Number(row.dataset.tick ?? 0) > tick) {
    return; // a read overtaken by a newer push
  }
  row.dataset.tick = String(tick);
  row.dataset.status = check.status;
  row.querySelector('.light-status').textContent = statusText(check.status);
  row.querySelector('.light-reason').textContent = check.status === 'not_checked' && tick === 0
    ? '' : `(${check.reason ?? ''})`;
}

function attack(event) {
  const key = `${event.tick}/${event.step}`;
  if (attacks.has(key)) {
    return;
  }
  const li = document.createElement('li');
  li.dataset.outcome = event.outcome;
  li.dataset.tick = String(event.tick);
  const time = document.createElement('time');
  time.dateTime = event.at;
  time.textContent = new Date(event.at).toLocaleTimeString(lang,
    { hour: '2-digit', minute: '2-digit' });
  const what = `${event.step}${event.technique ? ` (${event.technique})` : ''}`
    + `${event.source ? ` ${texts.from} ${event.source}` : ''}: `;
  const outcome = document.createElement('strong');
  outcome.className = 'outcome';
  outcome.textContent = outcomeText(event.outcome);
  li.append(time, ' ', what, outcome);
  attacks.set(key, li);
  // newest first
  const list = el('scenario-events');
  const later = [...list.children].find((other) => Number(other.dataset.tick) < event.tick);
  list.insertBefore(li, later ?? null);
  while (list.children.length > ATTACKS_SHOWN) {
    list.lastElementChild.remove();
  }
  el('scenario-no-events').hidden = true;
}

function score(line) {
  ticks.set(line.tick, line);
  const rows = [...ticks.values()].sort((a, b) => b.tick - a.tick).slice(0, TICKS_SHOWN)
    .map((t) => {
      const tr = document.createElement('tr');
      tr.dataset.tick = String(t.tick);
      for (const value of [t.tick, t.service, t.defended, -t.attacked, -t.compromised]) {
        const td = document.createElement('td');
        td.textContent = String(value);
        tr.append(td);
      }
      const total = document.createElement('td');
      total.textContent = String(t.total) + (t.paid || t.total === 0 ? '' : ` ${texts.unpaid}`);
      tr.append(total);
      return tr;
    });
  el('scenario-ticks').tBodies[0].replaceChildren(...rows);
  el('scenario-total').textContent = String([...ticks.values()]
    .filter((t) => t.paid).reduce((sum, t) => sum + t.total, 0));
}

function clock(tick, next) {
  shownTick = Math.max(shownTick, tick);
  el('scenario-tick').textContent = String(shownTick);
  nextAt = next === null ? null : Date.parse(next);
  el('scenario-next-line').hidden = nextAt === null;
  el('scenario-ended').hidden = nextAt !== null;
  showCountdown();
}

function showCountdown() {
  if (nextAt === null) {
    return;
  }
  const left = Math.max(0, Math.round((nextAt - Date.now()) / 1000));
  const time = el('scenario-next');
  time.textContent = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60)
    .padStart(2, '0')}`;
  time.dateTime = `PT${left}S`;
}

async function read(id) {
  const answer = await api('GET', `/api/labs/${encodeURIComponent(id)}/scenario`);
  if (id !== current) {
    return;
  }
  const view = answer.scenario;
  if (view.clock !== null) {
    clock(view.clock.tick, view.clock.nextTickAt);
  }
  view.checks.forEach((c) => light(c, c.tick));
  view.adversary.forEach(attack);
  answer.ticks.forEach(score);
}

function apply(push) {
  const report = push.report;
  if (report.lab !== current) {
    return;
  }
  clock(report.tick, report.nextTickAt);
  report.checks.forEach((c) => light(c, report.tick));
  report.adversary.forEach(attack);
  if (push.score !== null) {
    score(push.score);
  }
}

/** Shows the scenario of lab {@code id} (null: none) and follows it live. */
export function followScenario(id) {
  if (panel === null || id === current) {
    return;
  }
  stream?.close();
  stream = null;
  clearInterval(countdown);
  current = id;
  shownTick = 0;
  ticks.clear();
  attacks.clear();
  el('scenario-events').replaceChildren();
  el('scenario-no-events').hidden = false;
  el('scenario-ticks').tBodies[0].replaceChildren();
  for (const row of panel.querySelectorAll('#scenario-checks [data-check]')) {
    row.dataset.tick = '0';
    light({ name: row.dataset.check, status: 'not_checked' }, 0);
  }
  panel.dataset.lab = id ?? '';
  panel.hidden = id === null;
  if (id === null) {
    return;
  }
  stream = openStream(`/api/labs/${encodeURIComponent(id)}/scenario/events`);
  stream.onmessage = (message) => apply(JSON.parse(message.data));
  // What happened while the stream was (re)connecting is read from the stored ticks.
  stream.onopen = () => read(id).catch(() => {});
  read(id).catch(() => {});
  countdown = setInterval(showCountdown, 1000);
}
