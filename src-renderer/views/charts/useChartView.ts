/**
 * What a live chart shows, from its entry and its saved settings: the fields buffered, those
 * offered in the legend and those drawn, and the plot's input (memoised, so the drawing only
 * hears of a change when one happened; new samples reach it through the buffer, not React).
 */
import { at, present } from '@contract/present';
import { useMemo } from 'react';
import {
  DEFAULT_CHART_SETTINGS,
  chartBuffer,
  useChartSettings,
  type ChartEntry,
  type ChartSettings,
} from '../../state/streams';
import { fieldName, type PlotInput } from '../../components/plot/ChartPlot';
import type { SampleBuffer } from '../../model/SampleBuffer';

export interface ChartView {
  buffer: SampleBuffer;
  settings: ChartSettings;
  save: (change: Partial<ChartSettings>) => void;
  fields: PlotInput['fields'];
  hasNumbers: boolean;
  hasBooleans: boolean;
  /** Booleans drawn as 0/1 steps. */
  booleans: boolean;
  /** Fields offered in the legend (booleans only when drawn). */
  shown: number[];
  split: boolean;
  input: PlotInput;
  toggleField: (field: number) => void;
}

export function useChartView(chart: ChartEntry): ChartView {
  const buffer = present(chartBuffer(chart.id), `the sample buffer of chart ${chart.id}`);
  const stored = useChartSettings((s) => s.byChart[chart.id]);
  const settings: ChartSettings = { ...DEFAULT_CHART_SETTINGS, ...stored };
  const save = (change: Partial<ChartSettings>): void =>
    useChartSettings.getState().set(chart.id, change);

  // Fields only grow; fieldCount tells React when.
  const fields = useMemo(
    () => buffer.fields.slice(0, chart.fieldCount),
    [buffer, chart.fieldCount],
  );
  const hasNumbers = fields.some((f) => f.kind === 'number');
  const hasBooleans = fields.some((f) => f.kind === 'boolean');
  const booleans = settings.booleans ?? !hasNumbers;
  const shown = fields.flatMap((f, i) => (f.kind === 'number' || booleans ? [i] : []));
  const hidden = new Set(settings.hidden);
  const visibleKey = shown
    .filter((i) => !hidden.has(fieldName(at(fields, i, 'chart field'), chart.resource)))
    .join(',');
  const split = settings.split && visibleKey.includes(',');
  const holdLast = chart.intervalMs === 0 && chart.status.phase === 'streaming';

  const input: PlotInput = useMemo(
    () => ({
      buffer,
      fields,
      visible: visibleKey ? visibleKey.split(',').map(Number) : [],
      windowMs: settings.windowMs,
      pausedAt: chart.paused?.at ?? null,
      zoom: chart.zoom,
      split,
      resource: chart.resource,
      holdLast,
    }),
    [
      buffer,
      fields,
      visibleKey,
      settings.windowMs,
      chart.paused,
      chart.zoom,
      split,
      chart.resource,
      holdLast,
    ],
  );

  const toggleField = (field: number): void => {
    const name = fieldName(at(fields, field, 'chart field'), chart.resource);
    save({
      hidden: hidden.has(name)
        ? settings.hidden.filter((h) => h !== name)
        : [...settings.hidden, name],
    });
  };
  return {
    buffer,
    settings,
    save,
    fields,
    hasNumbers,
    hasBooleans,
    booleans,
    shown,
    split,
    input,
    toggleField,
  };
}
