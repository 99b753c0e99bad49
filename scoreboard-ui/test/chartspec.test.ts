import { describe, expect, it } from 'vitest';
import { ChartSpecError, parseChartSpec } from '../src/chartspec';

describe('reading a data-chart attribute', () => {
  it('reads a line chart over epoch seconds', () => {
    const spec = parseChartSpec(JSON.stringify({
      title: 'Skor', kind: 'line', x: [1764100000, 1764100600],
      series: [{ label: 'trainee1', values: [100, 250] }],
    }));
    expect(spec).toEqual({
      title: 'Skor', kind: 'line', x: [1764100000, 1764100600],
      series: [{ label: 'trainee1', values: [100, 250] }],
    });
  });

  it('reads bars over category labels and keeps gaps', () => {
    const spec = parseChartSpec('{"kind":"bars","x":["web","forensics"],'
      + '"series":[{"label":"cohort-a","values":[3,null]},{"values":[1,2]}]}');
    expect(spec.kind).toBe('bars');
    expect(spec.x).toEqual(['web', 'forensics']);
    expect(spec.title).toBe('');
    expect(spec.series[0].values).toEqual([3, null]);
    expect(spec.series[1].label).toBe('#2');
  });

  it('draws a line when no kind is given', () => {
    expect(parseChartSpec('{"x":[1],"series":[{"label":"a","values":[1]}]}').kind).toBe('line');
  });

  it.each([
    ['not JSON', '{x:', 'not JSON'],
    ['an array', '[1,2]', 'JSON object'],
    ['an unknown kind', '{"kind":"pie","x":[],"series":[]}', '"kind"'],
    ['labels on a time axis', '{"kind":"line","x":["a"],"series":[]}', 'epoch seconds'],
    ['a series of another length', '{"x":[1,2],"series":[{"label":"a","values":[1]}]}', 'one value per x'],
    ['a value that is not a number', '{"x":[1],"series":[{"label":"a","values":["7"]}]}', 'not a number'],
    ['no series', '{"x":[1]}', '"series"'],
  ])('rejects %s with a reason', (_name, text, reason) => {
    expect(() => parseChartSpec(text)).toThrow(ChartSpecError);
    expect(() => parseChartSpec(text)).toThrow(reason);
  });
});
