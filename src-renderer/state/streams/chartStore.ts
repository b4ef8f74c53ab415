/**
 * The streams store: the live charts this console has open, one per (device, resource), each with
 * its stream (opened through the `liveStreams` registry, so the status bar counts it and All
 * streams off stops it) and its sample buffer. Buffers live outside React state and keep filling
 * while the user is on other views; the slice only changes on status changes, the first sample
 * and new fields (chartModel's `sampleChange`), never once per sample: the charts draw new
 * samples from the buffers in their own frame loop.
 */
import { create } from 'zustand';
import type { StreamEvent } from '@contract/schemas';
import { useConnection } from '../../api/connection';
import { exportBuffer, type ExportFormat } from '../../model/exportBuffer';
import { SampleBuffer } from '../../model/SampleBuffer';
import { openStream } from '../liveStreams';
import { chartId, newChartEntry, sampleChange, type ChartEntry, type ChartKey } from './chartModel';
import { useChartSettings } from './chartSettings';

export interface StreamsSlice {
  charts: readonly ChartEntry[];
}

export const useStreams = create<StreamsSlice>(() => ({ charts: [] }));

interface Live {
  buffer: SampleBuffer;
  close: (() => void) | null;
  /** The broker counts drops per subscription; earlier subscriptions' drops are kept here. */
  droppedBefore: number;
  samplesSinceOpen: number;
}

const live = new Map<string, Live>();

export const chartBuffer = (id: string): SampleBuffer | undefined => live.get(id)?.buffer;

const entry = (id: string): ChartEntry | undefined =>
  useStreams.getState().charts.find((c) => c.id === id);

function patch(id: string, change: Partial<ChartEntry>): void {
  useStreams.setState((s) => ({
    charts: s.charts.map((c) => (c.id === id ? { ...c, ...change } : c)),
  }));
}

function subscribe(id: string): void {
  const chart = entry(id);
  const state = live.get(id);
  if (!chart || !state) return;
  state.close?.();
  state.droppedBefore = state.buffer.brokerDropped;
  state.samplesSinceOpen = 0;
  const listener = (e: StreamEvent): void => onEvent(id, e);
  state.close = openStream(
    {
      user: chart.user,
      device: chart.device,
      resource: chart.resource,
      intervalMs: chart.intervalMs,
    },
    'chart',
    listener,
    () => {
      state.close = null;
      state.buffer.pushBreak(Date.now());
      patch(id, { status: { phase: 'stopped' } });
    },
  );
  patch(id, { status: { phase: 'starting' }, openedAt: Date.now(), firstSampleAt: null });
  followLink();
}

function onEvent(id: string, e: StreamEvent): void {
  const state = live.get(id);
  const chart = entry(id);
  if (!state || !chart) return;
  if (e.kind === 'sample') {
    const { buffer } = state;
    const numeric = buffer.push(e.time, e.value);
    buffer.brokerDropped = state.droppedBefore + e.dropped;
    state.samplesSinceOpen++;
    const change = sampleChange(chart, {
      numeric,
      fieldCount: buffer.fields.length,
      now: Date.now(),
    });
    if (change) patch(id, change);
    return;
  }
  if (e.state === 'streaming') {
    patch(id, { status: { phase: 'streaming', deviceIntervalMs: e.deviceIntervalMs ?? 0 } });
    return;
  }
  state.buffer.pushBreak(Date.now());
  const reason = e.reason ?? '';
  patch(id, {
    status: e.state === 'error' ? { phase: 'error', reason } : { phase: 'waiting', reason },
  });
}

/** Opens a chart (or returns the open one) for a resource; its stream starts at once. */
export function openChart(key: ChartKey, intervalMs?: number): string {
  const id = chartId(key);
  if (entry(id)) {
    if (intervalMs !== undefined) setChartInterval(id, intervalMs);
    return id;
  }
  const interval = intervalMs ?? useChartSettings.getState().of(id).intervalMs;
  live.set(id, {
    buffer: new SampleBuffer(),
    close: null,
    droppedBefore: 0,
    samplesSinceOpen: 0,
  });
  const chart = newChartEntry(key, interval, Date.now());
  useStreams.setState((s) => ({ charts: [...s.charts, chart] }));
  subscribe(id);
  return id;
}

/** Closes a chart: its stream stops and its buffer is released. */
export function closeChart(id: string): void {
  const state = live.get(id);
  live.delete(id);
  state?.close?.();
  useStreams.setState((s) => ({ charts: s.charts.filter((c) => c.id !== id) }));
}

/** A new interval, live: the stream is reopened, the buffer kept. */
export function setChartInterval(id: string, intervalMs: number): void {
  const chart = entry(id);
  if (!chart || chart.intervalMs === intervalMs) return;
  patch(id, { intervalMs });
  useChartSettings.getState().set(id, { intervalMs });
  subscribe(id);
}

/** Asks for the stream again (after a refusal, or after All streams off). */
export function restartChart(id: string): void {
  subscribe(id);
}

export function clearChart(id: string): void {
  const state = live.get(id);
  if (!state) return;
  state.buffer.clear();
  const chart = entry(id);
  if (chart?.paused) patch(id, { paused: { at: chart.paused.at, total: 0 } });
}

/** Pause freezes the view while buffering goes on; resuming also leaves any zoom. */
export function setPaused(id: string, paused: boolean): void {
  const chart = entry(id);
  const state = live.get(id);
  if (!chart || !state || paused === (chart.paused !== null)) return;
  patch(
    id,
    paused
      ? { paused: { at: Date.now(), total: state.buffer.total } }
      : { paused: null, zoom: null },
  );
}

export const togglePaused = (id: string): void => setPaused(id, !entry(id)?.paused);

export function setZoom(id: string, zoom: readonly [number, number] | null): void {
  if (entry(id)) patch(id, { zoom });
}

/** Saves the whole buffer as a file download; returns the file name. */
export function exportChart(id: string, format: ExportFormat): string | null {
  const chart = entry(id);
  const state = live.get(id);
  if (!chart || !state) return null;
  const name = exportBuffer(state.buffer, chart, format);
  patch(id, { exported: { name, at: Date.now() } });
  return name;
}

let linkFollowed = false;

/** Lost contact with main: lines break and charts say so; the transport resubscribes on return. */
function followLink(): void {
  if (linkFollowed) return;
  linkFollowed = true;
  useConnection.subscribe((s, prev) => {
    if (s.link === prev.link) return;
    const now = Date.now();
    for (const chart of useStreams.getState().charts) {
      if (chart.status.phase === 'stopped' || chart.status.phase === 'error') continue;
      if (s.link === 'lost') {
        live.get(chart.id)?.buffer.pushBreak(now);
        patch(chart.id, { status: { phase: 'waiting', reason: '', link: true } });
      } else if (s.link === 'online' && chart.status.phase === 'waiting' && chart.status.link) {
        patch(chart.id, { status: { phase: 'starting' } });
      }
    }
  });
}

/** Closes every chart (tests). */
export function resetStreams(): void {
  for (const id of [...live.keys()]) closeChart(id);
}
