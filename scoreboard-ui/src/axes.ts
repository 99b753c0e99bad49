/**
 * Axis rules every chart shares (the big screen's, /me and the officials' charts), pure so they
 * are unit-tested: sane time ranges for one point, points milliseconds apart and a 48-hour
 * exercise; tick labels precise enough never to repeat; room between labels; a y scale that
 * starts at zero, leaves headroom above the highest value and never jumps back down.
 */

/** Shortest time range shown (seconds): a lone point or a burst still sits on a readable axis. */
export const MIN_TIME_SPAN = 10 * 60;

/** The x range (seconds) around data from min to max: padded, at least MIN_TIME_SPAN wide. */
export function timeRange(min: number, max: number): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, MIN_TIME_SPAN];
  const span = max - min;
  if (span < MIN_TIME_SPAN) {
    const mid = (min + max) / 2;
    return [mid - MIN_TIME_SPAN / 2, mid + MIN_TIME_SPAN / 2];
  }
  const pad = span * 0.03;
  return [min - pad, max + pad];
}

/**
 * The x range for the chart's own x values (first to last, sorted). Not uPlot's min and max: for
 * a single point uPlot widens the scale by 86400 / ms units before asking (86,400,000 seconds, 2.7
 * years, with second timestamps), which drew /me's first solve on an axis of years.
 */
export function dataTimeRange(xs: ArrayLike<number> | undefined): [number, number] {
  if (xs === undefined || xs.length === 0) return timeRange(NaN, NaN);
  return timeRange(xs[0], xs[xs.length - 1]);
}

/** How precise time tick labels must be so neighbours differ, from the tick step (seconds). */
export type TimeLabel = 'seconds' | 'minutes' | 'day-minutes' | 'day';

export function timeLabelFor(step: number, span: number): TimeLabel {
  if (step < 60) return 'seconds';
  if (step >= 86_400) return 'day';
  return span > 20 * 3600 ? 'day-minutes' : 'minutes';
}

export const TIME_FORMATS: Record<TimeLabel, Intl.DateTimeFormatOptions> = {
  seconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
  minutes: { hour: '2-digit', minute: '2-digit', hour12: false },
  'day-minutes': { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false },
  day: { day: 'numeric', month: 'short' },
};

/** Tick labels for uPlot's x splits (seconds) in a language. */
export function timeTicks(splits: number[], lang: string | undefined): string[] {
  const step = splits.length > 1 ? splits[1] - splits[0] : 3600;
  const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
  const format = TIME_FORMATS[timeLabelFor(step, span)];
  return splits.map((s) => new Date(s * 1000).toLocaleString(lang, format));
}

/**
 * Tick labels that fit on the canvas (CSS px, centres and widths as drawn). uPlot centres each
 * label on its tick, so a tick near either end (the next midnight on a 48-hour board) writes part
 * of its label off the chart. Those labels become null, which uPlot leaves unwritten; the tick
 * and its grid line stay.
 */
export function labelsInside(
  texts: (string | null)[], centres: number[], widths: number[], canvasWidth: number,
): (string | null)[] {
  return texts.map((text, i) => {
    const half = widths[i] / 2;
    return text != null && centres[i] - half >= 0 && centres[i] + half <= canvasWidth ? text : null;
  });
}

/** Minimum room (CSS px) between x ticks, by the longest label a format writes. */
export function timeTickSpace(span: number): number {
  return span > 20 * 3600 ? 110 : 80;
}

/** A "nice" number at or above v: 1, 2 or 5 times a power of ten. */
export function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  const f = v / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * The y range for values from min to max: from zero (or below, for penalties) to a nice number
 * with at least 8 % headroom, never lower than the top shown before (so the scale does not jump
 * back and forth between updates).
 */
export function scoreRange(min: number, max: number, shownTop = 0): [number, number] {
  const low = Number.isFinite(min) ? Math.min(0, min) : 0;
  const high = Number.isFinite(max) ? max : 0;
  const top = Math.max(niceCeil(high * 1.08), shownTop);
  return [low < 0 ? -niceCeil(-low * 1.08) : 0, top];
}
