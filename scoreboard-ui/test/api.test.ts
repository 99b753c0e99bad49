import { describe, expect, it } from 'vitest';
import { boardQuery, parsePage, parseTimeline } from '../src/api';
import { alignSeries } from '../src/series';

describe('reading the API', () => {
  it('reads a board page as ScoreboardViews.Page writes it', () => {
    const page = parsePage({
      total: 2, offset: 0, limit: 20, frozen: false, frozenAt: null, generatedAt: '2026-11-25T10:00:00Z',
      entries: [
        { rank: 1, username: 'ana', displayName: 'Ana', cohort: 'a', score: 300, solves: 3, lastSolveAt: '2026-11-25T09:59:00Z' },
        { rank: 2, username: 'budi', displayName: null, cohort: null, score: 100, solves: 1, lastSolveAt: null },
      ],
    });
    expect(page.total).toBe(2);
    expect(page.entries[1]).toEqual({ rank: 2, username: 'budi', displayName: 'budi', cohort: null, score: 100, solves: 1, lastSolveAt: null });
  });

  it('skips malformed entries instead of failing the page', () => {
    const page = parsePage({ entries: [{ rank: 'x', username: 'a' }, null, { rank: 1, username: 'ok' }] });
    expect(page.entries.map((e) => e.username)).toEqual(['ok']);
    expect(parsePage('garbage').entries).toEqual([]);
  });

  it('reads instants written as ISO text or as epoch seconds', () => {
    const timeline = parseTimeline({
      series: [{ rank: 1, username: 'ana', displayName: 'Ana', points: [{ at: '2026-11-25T10:00:00Z', score: 100 }, { at: 1764064860.5, score: 200 }] }],
    });
    expect(timeline.series[0].points).toEqual([
      { at: Date.parse('2026-11-25T10:00:00Z'), score: 100 },
      { at: 1764064860500, score: 200 },
    ]);
  });

  it('builds board queries with only the filters set', () => {
    expect(boardQuery({ exercise: null, cohort: null })).toBe('');
    expect(boardQuery({ exercise: 2, cohort: 'a b' }, { offset: 0, limit: 20 })).toBe('?exercise=2&cohort=a+b&offset=0&limit=20');
  });
});

describe('alignSeries', () => {
  const s = (username: string, points: [number, number][]) => ({
    rank: 1, username, displayName: username, cohort: null,
    points: points.map(([sec, score]) => ({ at: sec * 1000, score })),
  });

  it('puts every series on one time axis, carrying scores forward as steps', () => {
    const aligned = alignSeries([s('ana', [[10, 100], [30, 250]]), s('budi', [[20, 50]])], 40_000);
    expect(aligned.xs).toEqual([10, 20, 30, 40]);
    expect(aligned.ys).toEqual([
      [100, 100, 250, 250],
      [null, 50, 50, 50],
    ]);
  });

  it('draws nothing without points', () => {
    expect(alignSeries([s('ana', [])], 1000)).toEqual({ xs: [], ys: [[]] });
  });
});
