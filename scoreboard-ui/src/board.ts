/** Pure board logic: URL settings, applying live rank changes, rank movements, filters. */

import type { Entry, Filters, FirstBlood, RankChange } from './api';

export const DEFAULT_TOP = 20;
/** The service caps a page at 100 entries (b2c.scoreboard.max-page-size). */
export const MAX_TOP = 100;

export interface Settings {
  filters: Filters;
  top: number;
  lang: string | null;
  /** The team board (?board=teams: teams of team exercises) instead of the trainees'. */
  teams: boolean;
}

/**
 * The settings of a shareable projector URL: ?top=&exercise=&cohort=&lang=&board=teams. Bad
 * values fall back.
 */
export function parseSettings(search: string): Settings {
  const params = new URLSearchParams(search);
  const topText = params.get('top');
  let top = DEFAULT_TOP;
  if (topText !== null && /^\d+$/.test(topText.trim())) {
    top = Math.min(MAX_TOP, Math.max(1, Number.parseInt(topText.trim(), 10)));
  }
  const exerciseText = params.get('exercise')?.trim() ?? '';
  const exercise = /^\d+$/.test(exerciseText) && Number(exerciseText) > 0 ? Number(exerciseText) : null;
  const cohortText = params.get('cohort')?.trim() ?? '';
  const cohort = cohortText !== '' && cohortText.length <= 100 ? cohortText : null;
  return { filters: { exercise, cohort }, top, lang: params.get('lang'), teams: params.get('board') === 'teams' };
}

/** The query string for the settings, leaving defaults out so URLs stay short. */
export function settingsQuery(settings: Settings): string {
  const params = new URLSearchParams();
  if (settings.filters.exercise !== null) params.set('exercise', String(settings.filters.exercise));
  if (settings.filters.cohort !== null) params.set('cohort', settings.filters.cohort);
  if (settings.top !== DEFAULT_TOP) params.set('top', String(settings.top));
  if (settings.lang !== null) params.set('lang', settings.lang);
  if (settings.teams) params.set('board', 'teams');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Whether live `rank` events (about the public overall board) can be applied to this board. */
export function isOverall(filters: Filters): boolean {
  return filters.exercise === null && filters.cohort === null;
}

export interface BoardState {
  rows: Entry[];
  total: number;
}

/**
 * The top `limit` rows of the overall board after a `rank` event. Changed trainees take the
 * rank the event gives them; everyone else keeps their order and fills the other places (their
 * scores did not change, so their order among themselves cannot have). Trainees pushed below
 * the top fall off; a trainee who left the top leaves a gap the next page fetch fills.
 */
export function applyRankChanges(state: BoardState, changes: RankChange[], limit: number): BoardState {
  const changed = new Map(changes.map((c) => [c.username, c]));
  const kept = state.rows.filter((row) => !changed.has(row.username));
  const before = new Map(state.rows.map((row) => [row.username, row]));
  const slots: (Entry | null)[] = new Array<Entry | null>(limit).fill(null);
  let total = state.total;
  for (const change of changes) {
    if (change.previousRank === null && change.rank !== null) total += 1;
    if (change.previousRank !== null && change.rank === null) total -= 1;
    if (change.rank === null || change.rank < 1 || change.rank > limit) continue;
    const old = before.get(change.username);
    slots[change.rank - 1] = {
      rank: change.rank,
      username: change.username,
      displayName: change.displayName,
      cohort: change.cohort,
      score: change.score,
      solves: old?.solves ?? 0,
      lastSolveAt: old?.lastSolveAt ?? null,
    };
  }
  let next = 0;
  for (let i = 0; i < limit && next < kept.length; i++) {
    if (slots[i] === null) slots[i] = kept[next++];
  }
  const rows = slots
    .filter((row): row is Entry => row !== null)
    .map((row, index) => (row.rank === index + 1 ? row : { ...row, rank: index + 1 }));
  return { rows, total: Math.max(total, rows.length) };
}

export type Movement = { kind: 'up' | 'down'; by: number } | { kind: 'new' };

/** How each row moved between two renders of the same board (unmoved rows are left out). */
export function diffRanks(previous: Entry[], next: Entry[]): Map<string, Movement> {
  const was = new Map(previous.map((row) => [row.username, row.rank]));
  const moves = new Map<string, Movement>();
  if (previous.length === 0) return moves; // first render: nothing moved
  for (const row of next) {
    const old = was.get(row.username);
    if (old === undefined) moves.set(row.username, { kind: 'new' });
    else if (row.rank < old) moves.set(row.username, { kind: 'up', by: old - row.rank });
    else if (row.rank > old) moves.set(row.username, { kind: 'down', by: row.rank - old });
  }
  return moves;
}

export interface ShownMovement {
  movement: Movement;
  until: number;
}

/** The movements to show at `now`: fresh ones replace old ones, each shown for `ttlMs`. */
export function mergeMovements(
  shown: Map<string, ShownMovement>,
  fresh: Map<string, Movement>,
  now: number,
  ttlMs: number,
): Map<string, ShownMovement> {
  const merged = new Map<string, ShownMovement>();
  for (const [user, item] of shown) if (item.until > now) merged.set(user, item);
  for (const [user, movement] of fresh) merged.set(user, { movement, until: now + ttlMs });
  return merged;
}

/** Cohorts seen so far, sorted, with new ones from the given trainees added. */
export function collectCohorts(known: Iterable<string>, seen: { cohort: string | null }[]): string[] {
  const all = new Set(known);
  for (const item of seen) if (item.cohort) all.add(item.cohort);
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** Whether a first blood belongs on a board with these filters. */
export function firstBloodMatches(blood: FirstBlood, filters: Filters): boolean {
  if (filters.exercise !== null && blood.exerciseId !== filters.exercise) return false;
  if (filters.cohort !== null && blood.cohort !== filters.cohort) return false;
  return true;
}
