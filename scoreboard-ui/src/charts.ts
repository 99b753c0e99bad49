/**
 * /scoreboard/charts.js: draws every <figure class="chart" data-chart='JSON'> of a page with
 * uPlot (see chartspec.ts for the JSON). Pages add the module script and /scoreboard/charts.css
 * (a file, so a Content-Security-Policy without inline styles holds).
 */

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { dataTimeRange, scoreRange, timeTicks, timeTickSpace } from './axes';
import { type ChartSpec, parseChartSpec } from './chartspec';
import { PALETTE } from './palette';
import { insideCanvas } from './ticklabels';

const HEIGHT = 260;

/** An element a chart was drawn in; the browser tests read the axes from `uplot`. */
type ChartHost = HTMLElement & { uplot?: uPlot };

/** Seconds between the first and the last x value. */
function spanOf(xs: number[]): number {
  return xs.length > 1 ? xs[xs.length - 1] - xs[0] : 0;
}

/** A category label cut to fit its slot (about 7 px per character), with an ellipsis. */
function shorten(label: string, slot: number): string {
  const fits = Math.max(3, Math.floor(slot / 7));
  return label.length <= fits ? label : `${label.slice(0, fits - 1)}…`;
}

function options(spec: ChartSpec, width: number, ink: string): uPlot.Options {
  const bars = spec.kind === 'bars';
  const labels = spec.x as string[];
  // Canvas text knows no currentColor: the axes take the figure's computed text colour.
  const axis = { stroke: ink, grid: { stroke: 'rgba(127,127,127,0.25)' }, ticks: { stroke: 'rgba(127,127,127,0.25)' } };
  return {
    title: spec.title || undefined,
    width,
    height: HEIGHT,
    scales: {
      // Bars: half a slot of room at each end, so the outer bars are whole.
      x: bars
        ? { time: false, range: () => [-0.5, labels.length - 0.5] }
        : { time: true, range: (u) => dataTimeRange(u.data[0]) },
      y: { range: (_u, min, max) => scoreRange(min, max) },
    },
    axes: [
      bars
        ? {
          ...axis,
          // One tick per category; long names wrap-free but shortened, the full one in the legend.
          splits: () => labels.map((_, i) => i),
          values: (_u, splits) => splits.map((s) => shorten(labels[s] ?? '', width / Math.max(1, labels.length))),
        }
        : {
          ...axis,
          space: timeTickSpace(spanOf(spec.x as number[])),
          values: (u, splits, axisIdx) =>
            insideCanvas(u, axisIdx, splits, timeTicks(splits, document.documentElement.lang || undefined)),
        },
      { ...axis, size: 60 },
    ],
    legend: { show: spec.series.length > 1 },
    cursor: { drag: { x: false, y: false } },
    series: [
      {},
      ...spec.series.map((s, i) => ({
        label: s.label,
        stroke: PALETTE[i % PALETTE.length],
        fill: bars ? `${PALETTE[i % PALETTE.length]}cc` : undefined,
        width: 2,
        paths: bars
          ? uPlot.paths.bars?.({ size: [0.8 / spec.series.length, 60], align: 0 })
          : uPlot.paths.stepped?.({ align: 1 }),
        points: { show: !bars && spec.x.length < 2 },
      })),
    ],
  };
}

function draw(figure: HTMLElement): void {
  let spec: ChartSpec;
  try {
    spec = parseChartSpec(figure.dataset.chart ?? '');
  } catch (e) {
    figure.dataset.chartError = (e as Error).message;
    return;
  }
  const xs = spec.kind === 'bars' ? spec.x.map((_, i) => i) : (spec.x as number[]);
  const data = [xs, ...spec.series.map((s) => s.values)] as uPlot.AlignedData;
  const ink = getComputedStyle(figure).color || '#888';
  const plot = new uPlot(options(spec, Math.max(200, figure.clientWidth), ink), data, figure);
  // A live legend's first row is uPlot's own x series ("Time"/"Value", in English, empty without
  // the cursor on the chart): the legend names the series only. (A legend that is not live has
  // no such row.)
  plot.root.querySelector<HTMLElement>('.u-legend.u-live .u-series:first-child')
    ?.style.setProperty('display', 'none');
  // The drawn chart, for the browser tests that read its axes back (labels are on a canvas).
  (figure as ChartHost).uplot = plot;
  figure.dataset.drawn = 'true';
  new ResizeObserver(() => plot.setSize({ width: Math.max(200, figure.clientWidth), height: HEIGHT }))
    .observe(figure);
}

document.querySelectorAll<HTMLElement>('figure.chart[data-chart]').forEach(draw);
// Pages that swap in fresh content (b2c:content) get their new charts drawn too.
document.addEventListener('b2c:content', () =>
  document.querySelectorAll<HTMLElement>('figure.chart[data-chart]:not([data-drawn])').forEach(draw));
