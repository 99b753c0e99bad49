/** Score-over-time series aligned on one time axis, as uPlot draws them. */

import type { Series } from './api';

export interface Aligned {
  /** Seconds since the epoch, ascending, no duplicates. */
  xs: number[];
  /** One row per series: the score at each x (a step function), null before the first point. */
  ys: (number | null)[][];
}

/**
 * uPlot wants one shared x axis: the union of every series' instants, each series carrying its
 * last score forward (scores change in steps) and drawn up to `until` (now) when given.
 */
export function alignSeries(series: Series[], untilMs?: number): Aligned {
  const instants = new Set<number>();
  for (const s of series) for (const p of s.points) instants.add(Math.floor(p.at / 1000));
  if (untilMs !== undefined && instants.size > 0) {
    const until = Math.floor(untilMs / 1000);
    if (until > Math.max(...instants)) instants.add(until);
  }
  const xs = [...instants].sort((a, b) => a - b);
  const ys = series.map((s) => {
    const points = [...s.points].sort((a, b) => a.at - b.at);
    const row: (number | null)[] = [];
    let next = 0;
    let score: number | null = null;
    for (const x of xs) {
      while (next < points.length && Math.floor(points[next].at / 1000) <= x) {
        score = points[next].score;
        next += 1;
      }
      row.push(score);
    }
    return row;
  });
  return { xs, ys };
}
