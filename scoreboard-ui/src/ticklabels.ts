/** Measures a chart's x tick labels where uPlot will draw them and drops those cut at an edge. */

import uPlot from 'uplot';
import { labelsInside } from './axes';

const measure = document.createElement('canvas').getContext('2d');

/**
 * The labels of x axis `axisIdx` that fit inside the canvas, for an axis `values` callback. It
 * runs as uPlot lays the chart out, after the scale and the plot's box are known.
 */
export function insideCanvas(u: uPlot, axisIdx: number, splits: number[], texts: string[]): (string | null)[] {
  if (measure === null) return texts;
  // uPlot keeps an axis's font as [css font at the canvas's pixel ratio, size, ...].
  measure.font = (u.axes[axisIdx].font as unknown as string[])[0];
  const ratio = uPlot.pxRatio;
  const left = u.bbox.left / ratio;
  return labelsInside(
    texts,
    splits.map((s) => left + u.valToPos(s, 'x')),
    texts.map((t) => measure.measureText(t).width / ratio),
    u.width,
  );
}
