// The studio's live-fire page, live: each change of an exercise pushed on the staff stream
// (/api/admin/live-fires/events) moves its phase, its "N of M ready" and the rows of the seats
// that changed (state, reason, attempts, a retry button while failed). When the stream (re)opens
// the page reads every exercise again (GET /api/admin/live-fires), so nothing missed while it was
// closed stays wrong; an exercise the page does not show yet (scheduled elsewhere) is taken from
// the page rendered anew.

import { api } from './session.js';
import { stream } from './streams.js';

const root = document.getElementById('livefire');
const words = root.dataset;
const retrySeat = document.getElementById('livefire-retry-seat');
const fill = (text, ...values) => values.reduce((t, v) => t.replace('%s', String(v)), text);
const word = (prefix, key) => words[prefix + key[0].toUpperCase() + key.slice(1)] ?? key;
// As the server prints staff times (StaffFormats.shortUtc): 2026-11-26 02:39:05 UTC.
const shortUtc = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '');

function time(element, iso) {
  if (element !== null && iso && element.getAttribute('datetime') !== iso) {
    element.setAttribute('datetime', iso);
    element.textContent = shortUtc(iso);
  }
}

function seatRow(section, exercise, seat) {
  const body = section.querySelector('tbody');
  // A team exercise seats teams, an individual one trainees.
  const team = seat.teamId !== null && seat.teamId !== undefined;
  const key = team ? 'team' : 'trainee';
  const id = String(team ? seat.teamId : seat.traineeId);
  const name = team ? seat.team : seat.username;
  let tr = body.querySelector(`tr[data-${key}="${CSS.escape(id)}"]`);
  if (tr === null) {
    tr = document.createElement('tr');
    tr.dataset[key] = id;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = name;
    const state = document.createElement('td');
    const span = document.createElement('span');
    state.append(span);
    const reason = document.createElement('td');
    reason.className = 'reason';
    reason.translate = false; // the range's own English words
    reason.lang = 'en';
    const attempts = document.createElement('td');
    attempts.className = 'attempts';
    const actions = document.createElement('td');
    actions.className = 'actions';
    tr.append(th, state, reason, attempts, actions);
    body.append(tr);
  } else if (tr.dataset.updated && Date.parse(seat.updatedAt) < Date.parse(tr.dataset.updated)) {
    return; // older news than the row shows (another instance's push arriving late)
  }
  tr.dataset.updated = seat.updatedAt;
  const span = tr.querySelector('td span');
  span.className = `state state-${seat.state} seat-state`;
  span.textContent = word('seat', seat.state);
  tr.querySelector('.reason').textContent = seat.reason ?? '–';
  tr.querySelector('.attempts').textContent = String(seat.attempts);
  const actions = tr.querySelector('.actions');
  const form = actions.querySelector('form');
  if (seat.state === 'failed' && form === null) {
    const fresh = retrySeat.content.firstElementChild.cloneNode(true);
    fresh.action = `/studio/live-fire/${exercise}/${team ? 'teams' : 'seats'}/${id}/retry`;
    fresh.querySelector('.sr-only').textContent = ` ${name}`;
    actions.append(fresh);
  } else if (seat.state !== 'failed' && form !== null) {
    form.remove();
  }
}

/** Applies an exercise's progress: a pushed change, or a whole exercise read again. */
function apply(update) {
  const section = root.querySelector(`section[data-exercise="${CSS.escape(String(update.exercise))}"]`);
  if (section === null) {
    addSoon();
    return;
  }
  section.dataset.phase = update.phase;
  const phase = section.querySelector('.phase');
  phase.className = `state state-${update.phase} phase`;
  phase.textContent = word('phase', update.phase);
  time(section.querySelector('.ends-at'), update.endsAt);
  time(section.querySelector('.remove-at'), update.removeAt);
  section.querySelector('.ready').textContent = fill(words.ready, update.ready, update.total);
  const bar = section.querySelector('progress');
  bar.max = update.total;
  bar.value = update.ready;
  bar.textContent = `${update.ready} / ${update.total}`;
  section.querySelector('.livefire-end').hidden = update.phase !== 'running';
  const retryAll = section.querySelector('.livefire-retry-all');
  retryAll.hidden = update.failed === 0;
  retryAll.querySelector('button').textContent = fill(words.retryAll, update.failed);
  update.seats.forEach((seat) => seatRow(section, update.exercise, seat));
}

// An exercise new to the page: its section as the server renders it now, added on top.
let adding = null;
function addSoon() {
  adding ??= (async () => {
    try {
      const response = await fetch(location.pathname, { headers: { Accept: 'text/html' } });
      if (!response.ok) {
        return;
      }
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const section of [...page.querySelectorAll('#livefire section[data-exercise]')].reverse()) {
        const id = CSS.escape(section.dataset.exercise);
        if (root.querySelector(`section[data-exercise="${id}"]`) === null) {
          const added = document.adoptNode(section);
          // As staff.js does for the forms the page came with.
          added.querySelectorAll('form[data-confirm]').forEach((form) => form.addEventListener(
            'submit', (event) => {
              if (!window.confirm(form.dataset.confirm)) event.preventDefault();
            }));
          root.prepend(added);
        }
      }
    } catch (error) {
      console.warn('the new live-fire exercise could not be read:', error);
    } finally {
      adding = null;
    }
  })();
}

async function readAll() {
  try {
    (await api('GET', '/api/admin/live-fires')).forEach(apply);
    document.documentElement.dataset.live = 'open';
  } catch (error) {
    console.warn('the live-fire exercises could not be read:', error);
  }
}

const events = stream('/api/admin/live-fires/events');
events.onopen = readAll;
events.onmessage = (message) => apply(JSON.parse(message.data));
