import { describe, expect, it } from 'vitest';
import {
  dataTimeRange, labelsInside, MIN_TIME_SPAN, niceCeil, scoreRange, timeLabelFor, timeRange, timeTicks,
} from '../src/axes';

const T0 = Date.UTC(2026, 11, 2, 8, 0, 0) / 1000;

describe('time axes', () => {
  it('gives one point a readable range around it', () => {
    const [a, b] = timeRange(T0, T0);
    expect(b - a).toBe(MIN_TIME_SPAN);
    expect(a < T0 && T0 < b).toBe(true);
  });

  it('takes the range from the data, not from the scale uPlot widened for a lone point', () => {
    const [a, b] = dataTimeRange([T0]);
    expect(b - a).toBe(MIN_TIME_SPAN);
    expect(dataTimeRange([])).toEqual([0, MIN_TIME_SPAN]);
    expect(dataTimeRange([T0, T0 + 48 * 3600])).toEqual(timeRange(T0, T0 + 48 * 3600));
  });

  it('keeps points milliseconds apart on a minutes-wide axis, not years', () => {
    const [a, b] = timeRange(T0, T0 + 0.025);
    expect(b - a).toBeCloseTo(MIN_TIME_SPAN, 3);
  });

  it('pads a 48-hour exercise a little and labels it with the day', () => {
    const [a, b] = timeRange(T0, T0 + 48 * 3600);
    expect(a).toBeLessThan(T0);
    expect(b).toBeGreaterThan(T0 + 48 * 3600);
    expect(b - a).toBeLessThan(51 * 3600);
    expect(timeLabelFor(6 * 3600, 48 * 3600)).toBe('day-minutes');
  });

  it('writes tick labels that never repeat, whatever the step', () => {
    for (const step of [1, 15, 60, 300, 3600, 6 * 3600, 86_400]) {
      const splits = Array.from({ length: 8 }, (_, i) => T0 + i * step);
      const labels = timeTicks(splits, 'en');
      expect(new Set(labels).size, `step ${step}: ${labels.join(' | ')}`).toBe(labels.length);
    }
  });
});

describe('score axes', () => {
  it('starts at zero and leaves headroom above the top score', () => {
    const [low, high] = scoreRange(100, 250);
    expect(low).toBe(0);
    expect(high).toBeGreaterThanOrEqual(250 * 1.08);
  });

  it('never jumps back down below the top already shown', () => {
    expect(scoreRange(0, 90, 500)[1]).toBe(500);
  });

  it('shows penalties below zero', () => {
    expect(scoreRange(-30, 100)[0]).toBeLessThanOrEqual(-30);
  });

  it('rounds to 1, 2 or 5 times a power of ten', () => {
    expect([niceCeil(0), niceCeil(7), niceCeil(120), niceCeil(270), niceCeil(1000)])
      .toEqual([1, 10, 200, 500, 1000]);
  });
});

describe('tick labels at the edges', () => {
  it('leaves out a label that would stick out of either end of the canvas, keeps the rest', () => {
    // Labels 72 px wide on a 484 px canvas: one centred at 457 reaches 493 (cut, as the 48-hour
    // board's next midnight was), one at 30 starts at -6.
    const texts = ['a', 'b', 'c', 'd'];
    expect(labelsInside(texts, [30, 150, 300, 457], [72, 72, 72, 72], 484)).toEqual([null, 'b', 'c', null]);
    expect(labelsInside(texts, [36, 150, 300, 448], [72, 72, 72, 72], 484)).toEqual(texts);
    expect(labelsInside([], [], [], 484)).toEqual([]);
  });
});
