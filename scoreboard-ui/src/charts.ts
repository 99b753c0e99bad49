/**
 * /scoreboard/charts.js: draws every <figure class="chart" data-chart='JSON'> of a page with
 * uPlot (see chartspec.ts for the JSON). Pages only add the module script; the styles come along.
 */

import uPlot from 'uplot';
import css from 'uplot/dist/uPlot.min.css?inline';
import { type ChartSpec, parseChartSpec } from './chartspec';
import { PALETTE } from './palette';

const HEIGHT = 260;

function ensureStyles(): void {
  if (document.getElementById('uplot-styles') === null) {
    const style = document.createElement('style');
    style.id = 'uplot-styles';
    style.textContent = css;
    document.head.append(style);
  }
}

/** Time ticks in the page's language: with the day over days, with seconds within minutes. */
function timeTicks(splits: number[]): string[] {
  const lang = document.documentElement.lang || undefined;
  const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
  const format: Intl.DateTimeFormatOptions = span > 20 * 3600
    ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
    : span < 600
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { hour: '2-digit', minute: '2-digit' };
  return splits.map((s) => new Date(s * 1000).toLocaleString(lang, format));
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
    scales: { x: bars ? { time: false } : { time: true } },
    axes: [
      bars
        ? { ...axis, values: (_u, splits) => splits.map((s) => labels[s] ?? '') }
        : { ...axis, values: (_u, splits) => timeTicks(splits) },
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
  figure.dataset.drawn = 'true';
  new ResizeObserver(() => plot.setSize({ width: Math.max(200, figure.clientWidth), height: HEIGHT }))
    .observe(figure);
}

ensureStyles();
document.querySelectorAll<HTMLElement>('figure.chart[data-chart]').forEach(draw);
