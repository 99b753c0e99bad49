/**
 * The scoreboard API as the service answers it (id.born2control.scoreboard.ScoreboardViews and
 * LiveViews), read defensively: a field of the wrong type never breaks the page.
 */

export interface Entry {
  rank: number;
  username: string;
  displayName: string;
  cohort: string | null;
  score: number;
  solves: number;
  lastSolveAt: string | null;
}

/** GET /api/scoreboard and the data of a `snapshot` event. */
export interface Page {
  total: number;
  offset: number;
  limit: number;
  frozen: boolean;
  frozenAt: string | null;
  generatedAt: string | null;
  entries: Entry[];
}

export interface Point {
  /** Milliseconds since the epoch. */
  at: number;
  score: number;
}

export interface Series {
  rank: number;
  username: string;
  displayName: string;
  cohort: string | null;
  points: Point[];
}

/** GET /api/scoreboard/timeline. */
export interface Timeline {
  frozen: boolean;
  frozenAt: string | null;
  generatedAt: string | null;
  series: Series[];
}

export interface RankChange {
  username: string;
  displayName: string;
  cohort: string | null;
  score: number;
  /** Overall public rank now. */
  rank: number | null;
  /** Overall public rank before the change; null when the trainee was not on the board. */
  previousRank: number | null;
}

/** The data of a `rank` event (always about the public overall board). */
export interface RankEvent {
  board: string;
  generatedAt: string | null;
  changes: RankChange[];
}

/** The data of a `first-blood` event. */
export interface FirstBlood {
  username: string;
  displayName: string;
  cohort: string | null;
  challenge: string;
  challengeName: string;
  exerciseId: number | null;
  at: string | null;
}

export interface Exercise {
  id: number;
  name: string;
  /** The always-open default exercise: shown by its name in the page's language. */
  practice?: boolean;
}

export interface Filters {
  exercise: number | null;
  cohort: string | null;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
/** An instant as Jackson writes it: ISO-8601 text, or epoch seconds (with fraction). */
export function instant(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value * 1000).toISOString();
  }
  return null;
}

export function parseEntry(value: unknown): Entry | null {
  const o = obj(value);
  const username = str(o.username);
  const rank = num(o.rank);
  if (username === null || rank === null) return null;
  return {
    rank,
    username,
    displayName: str(o.displayName) ?? username,
    cohort: str(o.cohort),
    score: num(o.score) ?? 0,
    solves: num(o.solves) ?? 0,
    lastSolveAt: instant(o.lastSolveAt),
  };
}

export function parsePage(value: unknown): Page {
  const o = obj(value);
  const entries = arr(o.entries)
    .map(parseEntry)
    .filter((e): e is Entry => e !== null);
  return {
    total: num(o.total) ?? entries.length,
    offset: num(o.offset) ?? 0,
    limit: num(o.limit) ?? entries.length,
    frozen: o.frozen === true,
    frozenAt: instant(o.frozenAt),
    generatedAt: instant(o.generatedAt),
    entries,
  };
}

export function parseTimeline(value: unknown): Timeline {
  const o = obj(value);
  const series: Series[] = [];
  for (const item of arr(o.series)) {
    const s = obj(item);
    const username = str(s.username);
    if (username === null) continue;
    const points: Point[] = [];
    for (const p of arr(s.points)) {
      const po = obj(p);
      const at = instant(po.at);
      const score = num(po.score);
      const ms = at === null ? NaN : Date.parse(at);
      if (score !== null && Number.isFinite(ms)) points.push({ at: ms, score });
    }
    series.push({
      rank: num(s.rank) ?? series.length + 1,
      username,
      displayName: str(s.displayName) ?? username,
      cohort: str(s.cohort),
      points,
    });
  }
  return {
    frozen: o.frozen === true,
    frozenAt: instant(o.frozenAt),
    generatedAt: instant(o.generatedAt),
    series,
  };
}

export function parseRankEvent(value: unknown): RankEvent {
  const o = obj(value);
  const changes: RankChange[] = [];
  for (const item of arr(o.changes)) {
    const c = obj(item);
    const username = str(c.username);
    if (username === null) continue;
    changes.push({
      username,
      displayName: str(c.displayName) ?? username,
      cohort: str(c.cohort),
      score: num(c.score) ?? 0,
      rank: num(c.rank),
      previousRank: num(c.previousRank),
    });
  }
  return { board: str(o.board) ?? 'overall', generatedAt: instant(o.generatedAt), changes };
}

export function parseFirstBlood(value: unknown): FirstBlood | null {
  const o = obj(value);
  const username = str(o.username);
  const challenge = str(o.challenge);
  if (username === null || challenge === null) return null;
  return {
    username,
    displayName: str(o.displayName) ?? username,
    cohort: str(o.cohort),
    challenge,
    challengeName: str(o.challengeName) ?? challenge,
    exerciseId: num(o.exerciseId),
    at: instant(o.at),
  };
}

/** Query string of a board request; empty filters are left out. */
export function boardQuery(filters: Filters, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  if (filters.exercise !== null) params.set('exercise', String(filters.exercise));
  if (filters.cohort !== null) params.set('cohort', filters.cohort);
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** An answer that is not 2xx, with the RFC 9457 problem's title when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) {
    let title = response.statusText;
    try {
      const problem = obj(await response.json());
      title = str(problem.detail) ?? str(problem.title) ?? title;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(response.status, title);
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    throw new ApiError(502, `expected JSON, got ${type || 'no content type'}`);
  }
  return response.json();
}

export const API_BASE = '/api/scoreboard';

/** The team boards' API: the same pages, timeline and stream, with teams in trainees' places. */
export const TEAMS_API_BASE = `${API_BASE}/teams`;

export async function fetchPage(filters: Filters, limit: number, signal?: AbortSignal, base = API_BASE): Promise<Page> {
  return parsePage(await getJson(base + boardQuery(filters, { offset: 0, limit }), signal));
}

export async function fetchTimeline(filters: Filters, top: number, signal?: AbortSignal, base = API_BASE): Promise<Timeline> {
  return parseTimeline(await getJson(`${base}/timeline${boardQuery(filters, { top })}`, signal));
}

/**
 * The exercises for the filter. The service has no public list yet (only the instructors'
 * /api/admin/exercises); this asks the proposed public GET /api/scoreboard/exercises
 * ([{id, name}, ...]) and answers null when it is not there, so the caller derives the list.
 */
export async function fetchExercises(signal?: AbortSignal): Promise<Exercise[] | null> {
  try {
    const list: Exercise[] = [];
    for (const item of arr(await getJson(`${API_BASE}/exercises`, signal))) {
      const o = obj(item);
      const id = num(o.id);
      if (id !== null) list.push({ id, name: str(o.name) ?? `#${id}`, practice: o.practice === true });
    }
    return list;
  } catch {
    return null;
  }
}
