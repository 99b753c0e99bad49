import { describe, expect, it } from 'vitest';
import type { Entry, RankChange } from '../src/api';
import {
  DEFAULT_TOP,
  applyRankChanges,
  collectCohorts,
  diffRanks,
  firstBloodMatches,
  mergeMovements,
  parseSettings,
  settingsQuery,
} from '../src/board';
import { flipOffsets } from '../src/flip';

function entry(rank: number, username: string, score: number, cohort: string | null = 'cohort-a'): Entry {
  return { rank, username, displayName: username.toUpperCase(), cohort, score, solves: 1, lastSolveAt: null };
}

function change(username: string, score: number, rank: number | null, previousRank: number | null): RankChange {
  return { username, displayName: username.toUpperCase(), cohort: 'cohort-b', score, rank, previousRank };
}

const order = (rows: Entry[]) => rows.map((r) => `${r.rank}:${r.username}`);

describe('parseSettings', () => {
  it('reads a shareable projector URL', () => {
    const s = parseSettings('?exercise=3&cohort=Batch%202&top=10&lang=en');
    expect(s).toEqual({ filters: { exercise: 3, cohort: 'Batch 2' }, top: 10, lang: 'en', teams: false });
  });

  it('reads the team board switch and keeps it in the URL', () => {
    const s = parseSettings('?board=teams&exercise=4');
    expect(s.teams).toBe(true);
    expect(settingsQuery(s)).toBe('?exercise=4&board=teams');
    expect(parseSettings('?board=other').teams).toBe(false);
  });

  it('falls back to defaults for missing or bad values instead of failing', () => {
    expect(parseSettings('')).toEqual({ filters: { exercise: null, cohort: null }, top: DEFAULT_TOP, lang: null, teams: false });
    const bad = parseSettings('?exercise=-1&top=abc&cohort=%20');
    expect(bad.filters).toEqual({ exercise: null, cohort: null });
    expect(bad.top).toBe(DEFAULT_TOP);
    expect(parseSettings('?exercise=x1').filters.exercise).toBeNull();
  });

  it('caps top at the page size the service serves', () => {
    expect(parseSettings('?top=5000').top).toBe(100);
    expect(parseSettings('?top=0').top).toBe(1);
  });

  it('round-trips through settingsQuery, leaving defaults out', () => {
    const s = parseSettings('?cohort=a%26b&exercise=7&top=30');
    expect(settingsQuery(s)).toBe('?exercise=7&cohort=a%26b&top=30');
    expect(parseSettings(settingsQuery(s))).toEqual(s);
    expect(settingsQuery(parseSettings(''))).toBe('');
  });
});

describe('applyRankChanges', () => {
  const board = { rows: [entry(1, 'ana', 500), entry(2, 'budi', 400), entry(3, 'citra', 300), entry(4, 'dewi', 200)], total: 4 };

  it('moves a climber to its new rank and shifts the others down in their order', () => {
    const next = applyRankChanges(board, [change('dewi', 450, 2, 4)], 4);
    expect(order(next.rows)).toEqual(['1:ana', '2:dewi', '3:budi', '4:citra']);
    expect(next.rows[1].score).toBe(450);
    expect(next.total).toBe(4);
  });

  it('adds a newcomer, counts it in the total and drops who falls off the top', () => {
    const next = applyRankChanges(board, [change('eko', 350, 3, null)], 4);
    expect(order(next.rows)).toEqual(['1:ana', '2:budi', '3:eko', '4:citra']);
    expect(next.total).toBe(5);
  });

  it('ignores changes below the shown top but still counts them', () => {
    const next = applyRankChanges(board, [change('fajar', 10, 5, null)], 4);
    expect(order(next.rows)).toEqual(order(board.rows));
    expect(next.total).toBe(5);
  });

  it('lets one who left the top leave (the next page fetch fills the place)', () => {
    const next = applyRankChanges(board, [change('ana', 100, 9, 1)], 4);
    expect(order(next.rows)).toEqual(['1:budi', '2:citra', '3:dewi']);
  });

  it('applies several changes of one push together', () => {
    const next = applyRankChanges(board, [change('citra', 600, 1, 3), change('dewi', 550, 2, 4)], 4);
    expect(order(next.rows)).toEqual(['1:citra', '2:dewi', '3:ana', '4:budi']);
  });

  it('keeps the solves it knew for a changed trainee', () => {
    const next = applyRankChanges(board, [change('budi', 800, 1, 2)], 4);
    expect(next.rows[0]).toMatchObject({ username: 'budi', solves: 1, score: 800 });
  });

  it('fills an empty board from the changes', () => {
    const next = applyRankChanges({ rows: [], total: 0 }, [change('ana', 100, 1, null)], 20);
    expect(order(next.rows)).toEqual(['1:ana']);
    expect(next.total).toBe(1);
  });
});

describe('diffRanks and mergeMovements', () => {
  it('reports moves up, down and new trainees, and nothing on the first render', () => {
    const before = [entry(1, 'ana', 5), entry(2, 'budi', 4), entry(3, 'citra', 3)];
    const after = [entry(1, 'citra', 9), entry(2, 'ana', 5), entry(3, 'eko', 4)];
    const moves = diffRanks(before, after);
    expect(moves.get('citra')).toEqual({ kind: 'up', by: 2 });
    expect(moves.get('ana')).toEqual({ kind: 'down', by: 1 });
    expect(moves.get('eko')).toEqual({ kind: 'new' });
    expect(moves.has('budi')).toBe(false);
    expect(diffRanks([], after).size).toBe(0);
  });

  it('shows a movement for its time and replaces it with a fresher one', () => {
    let shown = mergeMovements(new Map(), new Map([['ana', { kind: 'up', by: 1 } as const]]), 1000, 500);
    expect(shown.get('ana')?.until).toBe(1500);
    shown = mergeMovements(shown, new Map([['ana', { kind: 'down', by: 2 } as const]]), 1200, 500);
    expect(shown.get('ana')).toEqual({ movement: { kind: 'down', by: 2 }, until: 1700 });
    expect(mergeMovements(shown, new Map(), 1700, 500).size).toBe(0);
  });
});

describe('flipOffsets', () => {
  it('shifts each moved row back by how far it moved, and leaves new or still rows alone', () => {
    const before = new Map([['ana', 0], ['budi', 40], ['citra', 80]]);
    const after = new Map([['budi', 0], ['ana', 40], ['citra', 80], ['eko', 120]]);
    expect([...flipOffsets(before, after)]).toEqual([['budi', 40], ['ana', -40]]);
  });
});

describe('filters', () => {
  it('collects cohorts from what the board shows, sorted and without duplicates', () => {
    expect(collectCohorts(['b'], [{ cohort: 'a' }, { cohort: null }, { cohort: 'b' }, { cohort: 'c' }])).toEqual(['a', 'b', 'c']);
  });

  it('announces a first blood only on a board it belongs to', () => {
    const blood = {
      username: 'ana', displayName: 'Ana', cohort: 'cohort-a', challenge: 'web-1',
      challengeName: 'Web 1', exerciseId: 2, at: null,
    };
    expect(firstBloodMatches(blood, { exercise: null, cohort: null })).toBe(true);
    expect(firstBloodMatches(blood, { exercise: 2, cohort: 'cohort-a' })).toBe(true);
    expect(firstBloodMatches(blood, { exercise: 3, cohort: null })).toBe(false);
    expect(firstBloodMatches(blood, { exercise: null, cohort: 'cohort-b' })).toBe(false);
  });
});
