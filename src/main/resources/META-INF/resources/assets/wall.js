// The live scenario wall: each tick pushed on the staff stream of the challenge
// (/api/admin/scenarios/{slug}/events) relights its participant's row; a participant new to
// the wall, and the heatmap, are read again (GET /api/admin/scenarios/{slug}/wall) at most
// every few seconds, as after a reconnection.

import { api } from './session.js';
import { stream } from './streams.js';

const wall = document.getElementById('wall');
const slug = wall.dataset.slug;
const words = wall.dataset;
const grid = document.getElementById('wall-grid');
const checks = [...grid.tHead.rows[0].querySelectorAll('th[data-check]')]
  .map((th) => th.dataset.check);
const statusText = (status) => ({
  ok: words.ok, faulty: words.faulty, down: words.down, compromised: words.compromised,
})[status] ?? words.notChecked;
const stateText = (state) => words['state' + state[0].toUpperCase() + state.slice(1)] ?? state;
const fill = (text, ...values) => values.reduce((t, v) => t.replace('%s', String(v)), text);
/** Least time between two full reads of the wall (the heatmap counts every participant). */
const READ_EVERY_MS = 5000;

function cell(td, light) {
  td.dataset.status = light.status;
  td.title = light.reason ?? '';
  td.textContent = statusText(light.status);
}

/** Who a row is whichever lab they restart: a team (every member's start is its) or a trainee. */
function participantKey(r) {
  return r.teamId == null ? `trainee:${r.traineeId}` : `team:${r.teamId}`;
}

function row(participant) {
  const r = participant.row;
  let tr = grid.querySelector(`tbody tr[data-lab="${CSS.escape(r.lab)}"]`)
    ?? grid.querySelector(`tbody tr[data-participant="${CSS.escape(participantKey(r))}"]`);
  if (tr === null) {
    tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = participant.username;
    const state = document.createElement('td');
    state.className = 'lab-state';
    const tick = document.createElement('td');
    tick.className = 'num tick';
    tr.append(th, state, tick, ...checks.map((name) => {
      const td = document.createElement('td');
      td.className = 'cell';
      td.dataset.check = name;
      td.translate = false; // its title is the checker's reason, from the lab
      return td;
    }));
    grid.tBodies[0].append(tr);
  }
  tr.dataset.lab = r.lab;
  tr.dataset.trainee = String(r.traineeId);
  tr.dataset.participant = participantKey(r);
  tr.querySelector('.lab-state').dataset.state = r.state;
  tr.querySelector('.lab-state').textContent = stateText(r.state);
  tr.querySelector('.tick').textContent = String(r.tick);
  for (const light of r.checks) {
    const td = tr.querySelector(`td[data-check="${CSS.escape(light.name)}"]`);
    if (td !== null) {
      cell(td, light);
    }
  }
  document.getElementById('wall-empty').hidden = true;
}

function heat(steps) {
  const body = document.getElementById('wall-heat').tBodies[0];
  for (const h of steps) {
    const tr = body.querySelector(`tr[data-step="${CSS.escape(h.step)}"]`);
    if (tr !== null) {
      const share = h.participants === 0 ? 0 : Math.floor((h.succeeded * 100) / h.participants);
      tr.dataset.succeeded = String(h.succeeded);
      tr.dataset.participants = String(h.participants);
      tr.querySelector('.heat-count').textContent = fill(words.of, h.succeeded, h.participants);
      const bar = tr.querySelector('.heat-bar');
      bar.style.setProperty('--share', `${share}%`);
      bar.textContent = `${share}%`;
    }
  }
}

let pending = null;
let lastRead = 0;
function readSoon() {
  if (pending !== null) {
    return;
  }
  pending = setTimeout(async () => {
    pending = null;
    lastRead = Date.now();
    try {
      const view = await api('GET', `/api/admin/scenarios/${encodeURIComponent(slug)}/wall`);
      view.participants.forEach(row);
      heat(view.heat);
    } catch (error) {
      console.warn('the wall could not be read:', error);
    }
  }, Math.max(0, lastRead + READ_EVERY_MS - Date.now()));
}

const events = stream(`/api/admin/scenarios/${encodeURIComponent(slug)}/events`);
events.onopen = readSoon;
events.onmessage = (message) => {
  const report = JSON.parse(message.data).report;
  const tr = grid.querySelector(`tbody tr[data-lab="${CSS.escape(report.lab)}"]`);
  if (tr === null) {
    readSoon(); // a participant (or lab) new to the wall
  } else if (Number(tr.querySelector('.tick').textContent) <= report.tick) {
    tr.querySelector('.tick').textContent = String(report.tick);
    for (const light of report.checks) {
      const td = tr.querySelector(`td[data-check="${CSS.escape(light.name)}"]`);
      if (td !== null) {
        cell(td, light);
      }
    }
  }
  if (report.adversary.some((step) => step.outcome !== 'not_run')) {
    readSoon(); // the heatmap counts participants, read from the stored runs
  }
};
