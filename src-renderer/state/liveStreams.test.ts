import { describe, expect, it, vi } from 'vitest';
import { fakeApi, installFakeApi } from '../testing/fakeApi';
import { openStream, stopStreams, useLiveStreams } from './liveStreams';

describe('live streams registry', () => {
  it('counts the streams this console opened and stops them all, telling their owners', () => {
    const fake = installFakeApi(fakeApi());
    const stopped = vi.fn();
    const target = { user: 'site', device: 'a', resource: 'temp', intervalMs: 1_000 };
    const closeA = openStream(target, 'chart', () => {}, stopped);
    openStream({ ...target, device: 'b' }, 'auto-refresh', () => {});
    expect(useLiveStreams.getState().streams).toHaveLength(2);
    expect(fake.subscriptions('streams.samples')).toHaveLength(2);

    expect(stopStreams({ user: 'site', device: 'b' })).toBe(1);
    expect(useLiveStreams.getState().streams.map((s) => s.device)).toEqual(['a']);
    expect(stopStreams()).toBe(1);
    expect(stopped).toHaveBeenCalledOnce();
    expect(fake.subscriptions()).toEqual([]);
    closeA(); // closing after an outside stop is harmless
    expect(stopStreams()).toBe(0);
  });
});
