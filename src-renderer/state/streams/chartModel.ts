/**
 * What a live chart is, without a store (issue 14 §4): its key and id, its stream's status, its
 * entry in the streams slice, the intervals and windows offered, its settings, and how a sample
 * changes the entry (pure, so the rule "the slice changes on news, never once per sample" is
 * testable without React or a stream).
 */
import { deviceKey } from '@contract/deviceKey';

export interface ChartKey {
  user: string;
  device: string;
  resource: string;
}

export const chartId = (k: ChartKey): string => `${deviceKey(k)}/${k.resource}`;

type ChartStatus =
  /** Subscribed; the broker has not said more yet. */
  | { phase: 'starting' }
  | { phase: 'streaming'; deviceIntervalMs: number }
  /** The device is offline or the link to main is lost; it resumes by itself. */
  | { phase: 'waiting'; reason: string; link?: boolean }
  /** The device refused the stream (or ended it); Retry asks again. */
  | { phase: 'error'; reason: string }
  /** All streams off (or Stop streams of the device) ended it; the buffer stays. */
  | { phase: 'stopped' };

export interface ChartEntry extends ChartKey {
  id: string;
  /** 0: every sample the device pushes. */
  intervalMs: number;
  status: ChartStatus;
  /** When the current stream was opened (a new interval or a retry opens a new one). */
  openedAt: number;
  /** The first sample of the current stream, if any came. */
  firstSampleAt: number | null;
  /** Number of series in the buffer: the legend re-renders when it grows. */
  fieldCount: number;
  /** Samples came but none carried a number. */
  nonNumeric: boolean;
  /** Paused at this time, with the buffer's total then ("Paused · 1 240 new samples"). */
  paused: { at: number; total: number } | null;
  /** A time range dragged while paused; null: the window. */
  zoom: readonly [number, number] | null;
  /** The file the last export saved, said for a few seconds. */
  exported: { name: string; at: number } | null;
}

/** A chart just opened: its stream is starting, nothing buffered yet. */
export const newChartEntry = (key: ChartKey, intervalMs: number, now: number): ChartEntry => ({
  ...key,
  id: chartId(key),
  intervalMs,
  status: { phase: 'starting' },
  openedAt: now,
  firstSampleAt: null,
  fieldCount: 0,
  nonNumeric: false,
  paused: null,
  zoom: null,
  exported: null,
});

/** What one sample changes in a chart's entry: nothing, except on news (first sample, a field). */
export function sampleChange(
  chart: ChartEntry,
  sample: { numeric: boolean; fieldCount: number; now: number },
): Partial<ChartEntry> | null {
  const change: Partial<ChartEntry> = {};
  if (chart.firstSampleAt === null) change.firstSampleAt = sample.now;
  if (sample.fieldCount !== chart.fieldCount) change.fieldCount = sample.fieldCount;
  const nonNumeric = !sample.numeric && sample.fieldCount === 0;
  if (chart.nonNumeric !== nonNumeric) change.nonNumeric = nonNumeric;
  if (chart.status.phase !== 'streaming' && chart.status.phase !== 'stopped')
    change.status = { phase: 'streaming', deviceIntervalMs: chart.intervalMs };
  return Object.keys(change).length ? change : null;
}

/** Intervals offered (UI.md §3.3); 0 is "every change (device pushes)". */
export const CHART_INTERVALS_MS = [0, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000] as const;
const DEFAULT_CHART_INTERVAL_MS = 1_000;

/** `0`: everything buffered. */
export const CHART_WINDOWS_MS = [10_000, 60_000, 300_000, 900_000, 0] as const;

export interface ChartSettings {
  intervalMs: number;
  /** Window shown, ms; 0 = all buffered. */
  windowMs: number;
  /** Field paths unticked in the legend. */
  hidden: string[];
  /** Booleans as 0/1 step lines (default: only when there is nothing else to plot). */
  booleans: boolean | null;
  /** One small chart per field instead of one chart with one or two axes. */
  split: boolean;
}

export const DEFAULT_CHART_SETTINGS: ChartSettings = {
  intervalMs: DEFAULT_CHART_INTERVAL_MS,
  windowMs: 60_000,
  hidden: [],
  booleans: null,
  split: false,
};
