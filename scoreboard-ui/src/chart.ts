/** The score-over-time chart of the top 10, drawn with uPlot. */

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from './api';
import { dataTimeRange, scoreRange, timeTickSpace } from './axes';
import { alignSeries } from './series';
import { PALETTE } from './palette';
import { insideCanvas } from './ticklabels';


export class ScoreChart {
  private plot: uPlot | null = null;
  private names: string[] = [];
  /** The highest y shown so far: the scale grows with the scores and never jumps back. */
  private top = 0;
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(
    private readonly host: HTMLElement,
    /** Time axis labels (24-hour clock in the page's language; with the date when asked). */
    private readonly formatTick: (at: Date, withDate: boolean, withSeconds: boolean) => string,
  ) {
    this.resize.observe(host);
  }

  /** Draws the series (re-creating the plot when the set of trainees changed). */
  show(series: Series[], nowMs: number): boolean {
    const aligned = alignSeries(series, nowMs);
    if (aligned.xs.length === 0) {
      this.clear();
      return false;
    }
    const names = series.map((s) => s.displayName);
    const data = [aligned.xs, ...aligned.ys] as uPlot.AlignedData;
    const span = aligned.xs.length > 1 ? aligned.xs[aligned.xs.length - 1] - aligned.xs[0] : 0;
    if (this.plot !== null && names.join('\u0000') === this.names.join('\u0000')) {
      this.plot.setData(data);
      return true;
    }
    const top = this.top; // a new set of trainees keeps the scale it had
    this.clear();
    this.top = top;
    this.names = names;
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const options: uPlot.Options = {
      ...this.size(),
      scales: {
        x: { time: true, range: (u) => dataTimeRange(u.data[0]) },
        y: {
          range: (_u, min, max) => {
            const range = scoreRange(min, max, this.top);
            this.top = range[1];
            return range;
          },
        },
      },
      axes: [
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(127,127,127,0.2)' },
          space: timeTickSpace(span),
          values: (u, splits, axisIdx) => {
            const days = splits.length > 1 && splits[splits.length - 1] - splits[0] > 20 * 3600;
            const seconds = splits.length > 1 && splits[1] - splits[0] < 60;
            return insideCanvas(u, axisIdx, splits,
              splits.map((s) => this.formatTick(new Date(s * 1000), days, seconds)));
          },
        },
        { stroke: 'currentColor', grid: { stroke: 'rgba(127,127,127,0.2)' }, size: 60 },
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.displayName,
          stroke: PALETTE[i % PALETTE.length],
          width: 2,
          paths: stepped,
          spanGaps: false,
          points: { show: false },
        })),
      ],
    };
    this.plot = new uPlot(options, data, this.host);
    // The drawn chart, for the browser tests that read its axes back (labels are on a canvas).
    (this.host as HTMLElement & { uplot?: uPlot }).uplot = this.plot;
    return true;
  }

  clear(): void {
    this.plot?.destroy();
    this.plot = null;
    this.names = [];
    this.top = 0;
  }

  private size(): { width: number; height: number } {
    const width = Math.max(240, this.host.clientWidth);
    return { width, height: Math.round(Math.min(360, Math.max(200, width * 0.45))) };
  }

  private fit(): void {
    if (this.plot !== null) this.plot.setSize(this.size());
  }
}
