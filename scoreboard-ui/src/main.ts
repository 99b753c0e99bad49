/** The live public scoreboard page: wires the API, the live stream and the DOM together. */

import {
  API_BASE,
  ApiError,
  TEAMS_API_BASE,
  type Entry,
  type Exercise,
  type FirstBlood,
  type Page,
  type RankEvent,
  fetchExercises,
  fetchPage,
  fetchTimeline,
} from './api';
import {
  type BoardState,
  type Movement,
  type ShownMovement,
  applyRankChanges,
  collectCohorts,
  diffRanks,
  firstBloodMatches,
  isOverall,
  mergeMovements,
  parseSettings,
  settingsQuery,
} from './board';
import { ScoreChart } from './chart';
import { animateReorder } from './flip';
import { LANG_COOKIE, type Lang, type MessageKey, type Params, chooseLang, cookieValue, formatDay, formatNumber, formatTime, isLang, t } from './i18n';
import { type ConnectionState, DEFAULT_BACKOFF, LiveConnection, backoffDelay } from './live';

const MOVEMENT_MS = 15_000;
const FIRST_BLOOD_MS = 10_000;
/**
 * Re-reads after live changes, batched (one pending request serves a whole burst) and spread
 * with a random delay so thousands of open boards do not ask in the same instant. The overall
 * board applies rank events exactly and only re-reads to refresh solve counts, so it waits
 * longer; a filtered board needs the re-read to move at all.
 */
const FILTERED_REFETCH_MS: [number, number] = [1_000, 4_000];
const OVERALL_REFETCH_MS: [number, number] = [5_000, 15_000];
const CHART_DELAY_MS: [number, number] = [5_000, 15_000];
/** A freeze or a change the stream does not carry (another board) shows up within this. */
const PERIODIC_MS = 30_000;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} missing from index.html`);
  return el as T;
}

const settings = parseSettings(location.search);
/** The board shown: the trainees' or (?board=teams) the teams' of team exercises. */
const base = settings.teams ? TEAMS_API_BASE : API_BASE;
// ?lang= (a projector's fixed choice) wins over the site's language cookie.
let lang: Lang = chooseLang(settings.lang, cookieValue(document.cookie, LANG_COOKIE));
let board: BoardState = { rows: [], total: 0 };
let frozenAt: string | null = null;
let movements = new Map<string, ShownMovement>();
let cohorts: string[] = collectCohorts(settings.filters.cohort ? [settings.filters.cohort] : [], []);
let exercises: Exercise[] | null = null;
const exerciseIdsSeen = new Set<number>(settings.filters.exercise !== null ? [settings.filters.exercise] : []);
let lastLoadedAt: Date | null = null;
let connection: { state: ConnectionState; retryAt: number | null } = { state: 'connecting', retryAt: null };
let boardFailures = 0;
let boardError: string | null = null;
const bloodQueue: FirstBlood[] = [];
let bloodShowing = false;

const rowsEl = byId<HTMLTableSectionElement>('board-rows');
const tableEl = byId<HTMLTableElement>('board');
const chart = new ScoreChart(byId('chart'), (at, withDate, withSeconds) =>
  (withSeconds
    ? at.toLocaleTimeString(lang === 'id' ? 'id-ID' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
    : formatTime(lang, at)) + (withDate ? ` ${formatDay(lang, at)}` : ''));

function m(key: MessageKey, params?: Params): string {
  return t(lang, key, params);
}

function time(iso: string | null | Date): string {
  if (iso === null) return '';
  const at = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : formatTime(lang, at);
}

// ---- rendering ----

function renderStatic(): void {
  document.documentElement.lang = lang;
  document.title = `${m('title')} · ${m('subtitle')}`;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = m(el.dataset.i18n as MessageKey);
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
  // The team board names teams where the trainees' board names trainees.
  byId('col-name').textContent = m(settings.teams ? 'colTeam' : 'colName');
  byId('board-empty').textContent = m(settings.teams ? 'emptyTeams' : 'empty');
  byId<HTMLSelectElement>('board-kind').value = settings.teams ? 'teams' : '';
  renderFilters();
  renderBoard(new Map());
  renderStatus();
  renderFrozen();
  renderError();
}

function renderStatus(): void {
  const el = byId('connection-status');
  el.dataset.state = connection.state;
  el.textContent =
    connection.state === 'live'
      ? m('statusLive')
      : connection.state === 'reconnecting'
        ? m('statusReconnecting')
        : connection.state === 'unavailable'
          ? m('statusUnavailable', { seconds: Math.max(1, Math.ceil(((connection.retryAt ?? Date.now()) - Date.now()) / 1000)) })
          : m('statusConnecting');
}

function renderFrozen(): void {
  const banner = byId('frozen-banner');
  banner.hidden = frozenAt === null;
  if (frozenAt !== null) byId('frozen-text').textContent = m('frozen', { time: time(frozenAt) });
}

function renderError(): void {
  const el = byId('board-error');
  el.hidden = boardError === null;
  if (boardError !== null) {
    el.textContent =
      lastLoadedAt === null ? m('boardUnavailable') : `${m('boardUnavailable')} ${m('boardStale', { time: time(lastLoadedAt) })}`;
  }
}

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  const el = document.createElement('option');
  el.value = value;
  el.textContent = label;
  el.selected = selected;
  return el;
}

function renderFilters(): void {
  const cohortSelect = byId<HTMLSelectElement>('cohort-filter');
  cohortSelect.replaceChildren(
    option('', m('allCohorts'), settings.filters.cohort === null),
    ...cohorts.map((c) => option(c, c, c === settings.filters.cohort)),
  );
  const exerciseSelect = byId<HTMLSelectElement>('exercise-filter');
  const list: Exercise[] = exercises ?? [...exerciseIdsSeen].sort((a, b) => a - b).map((id) => ({ id, name: m('exerciseNumbered', { id: String(id) }) }));
  if (settings.filters.exercise !== null && !list.some((e) => e.id === settings.filters.exercise)) {
    list.push({ id: settings.filters.exercise, name: m('exerciseNumbered', { id: String(settings.filters.exercise) }) });
  }
  exerciseSelect.replaceChildren(
    option('', m('allExercises'), settings.filters.exercise === null),
    ...list.map((e) => option(String(e.id), e.practice ? m('practiceExercise') : e.name, e.id === settings.filters.exercise)),
  );
}

function movementText(user: string): { cls: string; symbol: string; label: string } | null {
  const shown = movements.get(user);
  if (shown === undefined || shown.until <= Date.now()) return null;
  const mv = shown.movement;
  if (mv.kind === 'new') return { cls: 'new', symbol: '★', label: m('newEntry') };
  if (mv.kind === 'up') return { cls: 'up', symbol: `▲${mv.by}`, label: m('movedUp', { n: mv.by }) };
  return { cls: 'down', symbol: `▼${mv.by}`, label: m('movedDown', { n: mv.by }) };
}

function cell(row: HTMLTableRowElement, index: number, tag: 'td' | 'th'): HTMLElement {
  let el = row.children[index] as HTMLElement | undefined;
  if (el === undefined || el.tagName.toLowerCase() !== tag) {
    el = document.createElement(tag);
    if (tag === 'th') el.setAttribute('scope', 'row');
    row.insertBefore(el, row.children[index] ?? null);
  }
  return el;
}

function fillRow(tr: HTMLTableRowElement, entry: Entry): void {
  tr.dataset.username = entry.username;
  tr.dataset.rank = String(entry.rank);
  const rank = cell(tr, 0, 'td');
  rank.className = 'col-rank';
  const move = movementText(entry.username);
  rank.replaceChildren(document.createTextNode(String(entry.rank)));
  if (move !== null) {
    const badge = document.createElement('span');
    badge.className = `move ${move.cls}`;
    badge.textContent = move.symbol;
    badge.title = move.label;
    badge.setAttribute('aria-label', move.label);
    rank.append(' ', badge);
  }
  tr.classList.toggle('moved-up', move?.cls === 'up' || move?.cls === 'new');
  const name = cell(tr, 1, 'th');
  name.className = 'col-name';
  name.textContent = entry.displayName;
  name.title = entry.username;
  const cohort = cell(tr, 2, 'td');
  cohort.className = 'col-cohort';
  cohort.textContent = entry.cohort ?? '';
  const solves = cell(tr, 3, 'td');
  solves.className = 'col-solves';
  solves.textContent = formatNumber(lang, entry.solves);
  const score = cell(tr, 4, 'td');
  score.className = 'col-score';
  score.textContent = formatNumber(lang, entry.score);
}

function renderBoard(fresh: Map<string, Movement>): void {
  movements = mergeMovements(movements, fresh, Date.now(), MOVEMENT_MS);
  animateReorder(rowsEl, () => {
    const existing = new Map<string, HTMLTableRowElement>();
    for (const tr of rowsEl.querySelectorAll<HTMLTableRowElement>('tr[data-username]')) {
      existing.set(tr.dataset.username ?? '', tr);
    }
    const ordered = board.rows.map((entry) => {
      const tr = existing.get(entry.username) ?? document.createElement('tr');
      existing.delete(entry.username);
      fillRow(tr, entry);
      return tr;
    });
    for (const stale of existing.values()) stale.remove();
    ordered.forEach((tr, i) => {
      if (rowsEl.children[i] !== tr) rowsEl.insertBefore(tr, rowsEl.children[i] ?? null);
    });
  });
  tableEl.setAttribute('aria-busy', String(lastLoadedAt === null && boardError === null));
  byId('board-caption').textContent =
    lastLoadedAt !== null
      ? m(settings.teams ? 'tableCaptionTeams' : 'tableCaption', { count: board.rows.length, total: board.total })
      : boardError !== null
        ? m('boardUnavailable')
        : m('loading');
  byId('board-empty').hidden = !(lastLoadedAt !== null && board.rows.length === 0);
  byId('updated-at').textContent = lastLoadedAt === null ? '' : m('updatedAt', { time: time(lastLoadedAt) });
}

function setBoard(next: BoardState): void {
  const fresh = diffRanks(board.rows, next.rows);
  board = next;
  const before = cohorts.length;
  cohorts = collectCohorts(cohorts, next.rows);
  if (cohorts.length !== before) renderFilters();
  renderBoard(fresh);
}

function setFrozen(frozen: boolean, at: string | null): void {
  const next = frozen ? (at ?? new Date().toISOString()) : null;
  if (next !== frozenAt) {
    frozenAt = next;
    renderFrozen();
  }
}

// ---- first blood announcements, one at a time ----

function announce(blood: FirstBlood): void {
  bloodQueue.push(blood);
  if (!bloodShowing) showNextBlood();
}

function showNextBlood(): void {
  const el = byId('first-blood');
  const blood = bloodQueue.shift();
  if (blood === undefined) {
    bloodShowing = false;
    el.hidden = true;
    return;
  }
  bloodShowing = true;
  el.textContent = blood.cohort
    ? m('firstBlood', { name: blood.displayName, cohort: blood.cohort, challenge: blood.challengeName })
    : m('firstBloodNoCohort', { name: blood.displayName, challenge: blood.challengeName });
  el.dataset.username = blood.username;
  el.dataset.challenge = blood.challenge;
  el.hidden = false;
  setTimeout(showNextBlood, FIRST_BLOOD_MS);
}

// ---- loading ----

let boardTimer: ReturnType<typeof setTimeout> | null = null;
let chartTimer: ReturnType<typeof setTimeout> | null = null;
let boardAbort: AbortController | null = null;

function spread([min, max]: [number, number]): number {
  return min + Math.random() * (max - min);
}

function scheduleBoard(ms: number): void {
  if (boardTimer !== null) return; // one pending re-read serves every change until it runs
  boardTimer = setTimeout(() => {
    boardTimer = null;
    void loadBoard();
  }, ms);
}

function scheduleChart(ms: number): void {
  if (chartTimer !== null) return;
  chartTimer = setTimeout(() => {
    chartTimer = null;
    void loadChart();
  }, ms);
}

async function loadBoard(): Promise<void> {
  boardAbort?.abort();
  const abort = new AbortController();
  boardAbort = abort;
  try {
    const page: Page = await fetchPage(settings.filters, settings.top, abort.signal, base);
    if (abort.signal.aborted) return;
    lastLoadedAt = new Date();
    boardFailures = 0;
    if (boardError !== null) {
      boardError = null;
      renderError();
    }
    setFrozen(page.frozen, page.frozenAt);
    setBoard({ rows: page.entries.slice(0, settings.top), total: page.total });
  } catch (error) {
    if (abort.signal.aborted) return;
    boardError = error instanceof ApiError ? `${error.status} ${error.message}` : String(error);
    console.warn('scoreboard: the board could not be read:', boardError);
    renderError();
    renderBoard(new Map());
    if (boardTimer !== null) clearTimeout(boardTimer);
    boardTimer = null;
    scheduleBoard(backoffDelay(boardFailures++, DEFAULT_BACKOFF));
  }
}

async function loadChart(): Promise<void> {
  const note = byId('chart-note');
  try {
    const timeline = await fetchTimeline(settings.filters, 10, undefined, base);
    const drawn = chart.show(timeline.series, Date.now());
    note.hidden = drawn;
    note.textContent = m('chartEmpty');
  } catch (error) {
    console.warn('scoreboard: the timeline could not be read:', error);
    note.hidden = false;
    note.textContent = m('chartUnavailable');
  }
}

// ---- live events ----

function onSnapshot(page: Page): void {
  if (isOverall(settings.filters) && page.entries.length >= Math.min(settings.top, page.total)) {
    lastLoadedAt = new Date();
    setFrozen(page.frozen, page.frozenAt);
    setBoard({ rows: page.entries.slice(0, settings.top), total: page.total });
  } else {
    scheduleBoard(0);
  }
  scheduleChart(0);
}

function onRank(event: RankEvent): void {
  const before = cohorts.length;
  cohorts = collectCohorts(cohorts, event.changes);
  if (cohorts.length !== before) renderFilters();
  if (isOverall(settings.filters)) {
    setBoard(applyRankChanges(board, event.changes, settings.top));
    // someone left the top: the trainee moving up into the gap is not in the event
    const gap = board.rows.length < Math.min(settings.top, board.total);
    scheduleBoard(gap ? 0 : spread(OVERALL_REFETCH_MS));
  } else {
    scheduleBoard(spread(FILTERED_REFETCH_MS));
  }
  scheduleChart(spread(CHART_DELAY_MS));
}

function onFirstBlood(blood: FirstBlood): void {
  if (blood.exerciseId !== null && !exerciseIdsSeen.has(blood.exerciseId)) {
    exerciseIdsSeen.add(blood.exerciseId);
    if (exercises === null) renderFilters();
  }
  if (firstBloodMatches(blood, settings.filters)) announce(blood);
}

// ---- user actions ----

function applySettings(): void {
  history.replaceState(null, '', `${location.pathname}${settingsQuery(settings)}`);
  board = { rows: [], total: 0 };
  lastLoadedAt = null;
  movements = new Map();
  frozenAt = null;
  renderFrozen();
  renderBoard(new Map());
  chart.clear();
  void loadBoard();
  void loadChart();
}

byId<HTMLSelectElement>('cohort-filter').addEventListener('change', (e) => {
  const value = (e.target as HTMLSelectElement).value;
  settings.filters.cohort = value === '' ? null : value;
  applySettings();
});
byId<HTMLSelectElement>('exercise-filter').addEventListener('change', (e) => {
  const value = (e.target as HTMLSelectElement).value;
  settings.filters.exercise = value === '' ? null : Number(value);
  applySettings();
});
// The team/trainee switch opens the other board's stream: the page loads anew with it.
byId<HTMLSelectElement>('board-kind').addEventListener('change', (e) => {
  settings.teams = (e.target as HTMLSelectElement).value === 'teams';
  location.assign(`${location.pathname}${settingsQuery(settings)}`);
});
// The language buttons set the site's language (one choice for every page) and come back here.
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
  button.addEventListener('click', () => {
    const chosen = button.dataset.lang;
    if (!isLang(chosen) || chosen === lang) return;
    if (settings.lang !== null) settings.lang = null; // the site's choice wins from now on
    const then = `${location.pathname}${settingsQuery(settings)}`;
    location.assign(`/lang/${chosen}?then=${encodeURIComponent(then)}`);
  });
}

// ---- start ----

renderStatic();
void loadBoard();
void loadChart();
void fetchExercises().then((list) => {
  if (list !== null) {
    exercises = list;
    renderFilters();
  }
});

const live = new LiveConnection(`${base}/stream`, (url) => new EventSource(url), {
  onState(state, retryInMs) {
    connection = { state, retryAt: retryInMs === null ? null : Date.now() + retryInMs };
    renderStatus();
  },
  onSnapshot,
  onRank,
  onFirstBlood,
  onResync() {
    scheduleBoard(0);
    scheduleChart(0);
  },
});
live.start();
window.addEventListener('online', () => live.reconnectNow());
// A page kept in the back-forward cache must not hold its stream: over HTTP/1.1 a browser keeps
// six connections per host, and held streams would stall every later request to the range.
window.addEventListener('pagehide', () => live.stop());
window.addEventListener('pageshow', (event) => {
  if (event.persisted) {
    live.start();
  }
});
setInterval(() => {
  scheduleBoard(0);
  scheduleChart(0);
}, PERIODIC_MS);
// once a second: expire movement arrows (redraw the rows, no reorder) and count the retry down
setInterval(() => {
  if (movements.size > 0) renderBoard(new Map());
  if (connection.state === 'unavailable') renderStatus();
}, 1_000);
