/**
 * The chart description that pages embed as <figure class="chart" data-chart='JSON'>:
 * {"title": "...", "x": [epochSeconds...] | [labels...], "kind": "line" | "bars",
 *  "series": [{"label": "...", "values": [numbers...]}]}. Bars take category labels as x.
 */

export type ChartKind = 'line' | 'bars';

export interface ChartSeries {
  label: string;
  /** One value per x; null leaves a gap. */
  values: (number | null)[];
}

export interface ChartSpec {
  title: string;
  kind: ChartKind;
  /** Epoch seconds for line charts, category labels for bars. */
  x: number[] | string[];
  series: ChartSeries[];
}

/** Thrown for a data-chart attribute that does not describe a chart. */
export class ChartSpecError extends Error {}

/** Reads and checks a data-chart attribute. */
export function parseChartSpec(text: string): ChartSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ChartSpecError(`data-chart is not JSON: ${(e as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ChartSpecError('data-chart must be a JSON object');
  }
  const o = raw as Record<string, unknown>;
  const title = o.title === undefined || o.title === null ? '' : o.title;
  if (typeof title !== 'string') {
    throw new ChartSpecError('"title" must be a string');
  }
  const kind = o.kind ?? 'line';
  if (kind !== 'line' && kind !== 'bars') {
    throw new ChartSpecError(`"kind" must be "line" or "bars", not ${JSON.stringify(kind)}`);
  }
  if (!Array.isArray(o.x)) {
    throw new ChartSpecError('"x" must be an array');
  }
  const x = kind === 'line' ? numbers(o.x) : labels(o.x);
  if (!Array.isArray(o.series)) {
    throw new ChartSpecError('"series" must be an array');
  }
  const series = o.series.map((s, i) => {
    if (s === null || typeof s !== 'object') {
      throw new ChartSpecError(`series ${i} must be an object`);
    }
    const { label, values } = s as Record<string, unknown>;
    if (!Array.isArray(values) || values.length !== x.length) {
      throw new ChartSpecError(`series ${i} needs one value per x (${x.length})`);
    }
    return {
      label: typeof label === 'string' ? label : `#${i + 1}`,
      values: values.map((v, j) => {
        if (v === null) {
          return null;
        }
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new ChartSpecError(`series ${i} value ${j} is not a number`);
        }
        return v;
      }),
    };
  });
  return { title, kind, x, series };
}

function numbers(x: unknown[]): number[] {
  return x.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ChartSpecError(`x ${i} must be epoch seconds for a line chart`);
    }
    return v;
  });
}

function labels(x: unknown[]): string[] {
  return x.map((v) => (typeof v === 'string' ? v : String(v)));
}
