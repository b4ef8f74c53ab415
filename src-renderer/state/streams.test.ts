// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent, Value } from '@contract/schemas';
import { useConnection } from '../api/connection';
import { fakeApi, installFakeApi, type FakeApi } from '../testing/fakeApi';
import { stopStreams, useLiveStreams } from './liveStreams';
import {
  chartBuffer,
  closeChart,
  openChart,
  resetStreams,
  restartChart,
  setChartInterval,
  setPaused,
  setZoom,
  useChartSettings,
  useStreams,
} from './streams';

const key = { user: 'site', device: 'thermo', resource: 'climate' };
let fake: FakeApi;

const emit = (e: StreamEvent): void => fake.emit('streams.samples', e);
const sample = (time: number, value: Value, dropped = 0): void =>
  emit({ kind: 'sample', time, value, dropped });
const chart = (id: string) => useStreams.getState().charts.find((c) => c.id === id)!;

beforeEach(() => {
  resetStreams();
  localStorage.clear();
  useChartSettings.setState({ byChart: {} });
  fake = installFakeApi(fakeApi());
});

describe('the streams slice', () => {
  it('opens a chart as a counted stream and fills its buffer without a state change per sample', () => {
    const id = openChart(key, 0);
    expect(fake.subscriptions('streams.samples').map((s) => s.params)).toEqual([
      { ...key, intervalMs: 0 },
    ]);
    expect(useLiveStreams.getState().streams).toMatchObject([{ ...key, purpose: 'chart' }]);

    let changes = 0;
    const unsubscribe = useStreams.subscribe(() => changes++);
    for (let i = 0; i < 500; i++) sample(1_000 + i * 10, { t: 20 + i / 100, h: 40 });
    unsubscribe();
    expect(chartBuffer(id)!.size).toBe(500);
    // The first sample (status, fields, first-sample time) is one change; the other 499 none.
    expect(changes).toBe(1);
    expect(chart(id)).toMatchObject({ fieldCount: 2, status: { phase: 'streaming' } });
    expect(openChart(key)).toBe(id);
    expect(useStreams.getState().charts).toHaveLength(1);
  });

  it('breaks the line while the device is offline and shows a refusal with its reason', () => {
    const id = openChart(key, 1_000);
    sample(1_000, 21);
    emit({ kind: 'status', state: 'waiting', reason: 'device offline: keep-alive timeout' });
    expect(chart(id).status).toEqual({
      phase: 'waiting',
      reason: 'device offline: keep-alive timeout',
    });
    expect(chartBuffer(id)!.isBreak(1)).toBe(true);
    emit({ kind: 'status', state: 'streaming', deviceIntervalMs: 1_000 });
    expect(chart(id).status).toEqual({ phase: 'streaming', deviceIntervalMs: 1_000 });
    emit({ kind: 'status', state: 'error', reason: 'the device refused the stream' });
    expect(chart(id).status).toEqual({ phase: 'error', reason: 'the device refused the stream' });
    restartChart(id);
    expect(fake.subscriptions('streams.samples')).toHaveLength(1);
    expect(chart(id).status).toEqual({ phase: 'starting' });
  });

  it('All streams off stops the chart and keeps its samples; Start again opens a new stream', () => {
    const id = openChart(key, 0);
    sample(1_000, 21);
    expect(stopStreams()).toBe(1);
    expect(chart(id).status).toEqual({ phase: 'stopped' });
    expect(fake.subscriptions()).toEqual([]);
    expect(chartBuffer(id)!.samples).toBe(1);
    restartChart(id);
    expect(useLiveStreams.getState().streams).toHaveLength(1);
    expect(chart(id).firstSampleAt).toBeNull();
  });

  it('a new interval reopens the stream, keeps the buffer and the broker drop count, and is remembered', () => {
    const id = openChart(key, 0);
    sample(1_000, 21, 3);
    setChartInterval(id, 5_000);
    expect(fake.subscriptions('streams.samples').map((s) => s.params)).toEqual([
      { ...key, intervalMs: 5_000 },
    ]);
    expect(useLiveStreams.getState().streams).toHaveLength(1);
    sample(2_000, 22, 1);
    expect(chartBuffer(id)!.size).toBe(2);
    expect(chartBuffer(id)!.brokerDropped).toBe(4);
    closeChart(id);
    expect(fake.subscriptions()).toEqual([]);
    expect(chartBuffer(id)).toBeUndefined();
    openChart(key);
    expect(fake.subscriptions('streams.samples')[0]!.params).toMatchObject({ intervalMs: 5_000 });
  });

  it('losing the link to main breaks every line and says so until the link is back', () => {
    const id = openChart(key, 0);
    sample(1_000, 21);
    useConnection.setState({ link: 'lost' });
    expect(chart(id).status).toEqual({ phase: 'waiting', reason: '', link: true });
    expect(chartBuffer(id)!.isBreak(1)).toBe(true);
    useConnection.setState({ link: 'online' });
    expect(chart(id).status).toEqual({ phase: 'starting' });
  });

  it('pausing remembers the total so far; resuming leaves any zoom', () => {
    const id = openChart(key, 0);
    sample(1_000, 21);
    setPaused(id, true);
    expect(chart(id).paused).toMatchObject({ total: 1 });
    setZoom(id, [900, 1_000]);
    setPaused(id, false);
    expect(chart(id)).toMatchObject({ paused: null, zoom: null });
  });
});
