// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnection } from '../api/connection';
import { ApiTransportError } from '../api/webSocketTransport';
import { fakeApi, installFakeApi } from '../testing/fakeApi';
import { offlineStatus, onlineStatus, testDevice } from '../views/devices/testDevices';
import {
  applyPresence,
  ensureResources,
  followDevices,
  HIGHLIGHT_MS,
  LARGE_FLEET,
  liveness,
  markOpened,
  mergeDevices,
  QUIET_AFTER_MS,
  refreshDevices,
  replacedFrom,
  resetDevices,
  resourcesFromDescribe,
  setExpanded,
  useDevices,
  watchDevices,
} from './devices';

const NOW = 1_800_000_000_000;
const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => resetDevices({ now: NOW }));
afterEach(() => vi.useRealTimers());

describe('quiet detection', () => {
  it('an online device with no inbound frame for 70 s is quiet; offline is offline', () => {
    const st = onlineStatus(NOW, { lastSeen: NOW - QUIET_AFTER_MS + 1 });
    expect(liveness(st, NOW)).toBe('online');
    expect(liveness(st, NOW + 1)).toBe('quiet');
    expect(liveness(offlineStatus({ lastSeen: NOW - 5 }), NOW)).toBe('offline');
    // Connected but nothing received yet at all: online, not quiet.
    expect(liveness(onlineStatus(NOW, { lastSeen: null }), NOW + 10 * QUIET_AFTER_MS)).toBe(
      'online',
    );
  });
});

describe('describe as a resource list', () => {
  it('reads fn as Run / In / Out / In/Out, a null descriptor as no handler, $-resources last', () => {
    expect(
      resourcesFromDescribe({
        temperature: { fn: 3 },
        led: { fn: 2 },
        $fs: { fn: 4 },
        reboot: { fn: 1 },
        cmd: { fn: 4 },
        ghost: null,
      }),
    ).toEqual([
      { name: 'cmd', kind: 'inout' },
      { name: 'ghost', kind: 'none' },
      { name: 'led', kind: 'in' },
      { name: 'reboot', kind: 'run' },
      { name: 'temperature', kind: 'out' },
      { name: '$fs', kind: 'inout' },
    ]);
  });

  it('null, no payload and the pv0 empty value mean no resources (IOTMP.md §7.2)', () => {
    expect(resourcesFromDescribe(null)).toEqual([]);
    expect(resourcesFromDescribe({ $empty: true })).toEqual([]);
    expect(resourcesFromDescribe([])).toEqual([]);
  });
});

describe('merging lists', () => {
  it('keeps the object of an unchanged device and the keys array while the set is the same', () => {
    mergeDevices([testDevice('site/a'), testDevice('site/b')], NOW);
    const before = useDevices.getState();
    mergeDevices([testDevice('site/a'), testDevice('site/b', onlineStatus(NOW))], NOW);
    const after = useDevices.getState();
    expect(after.devices['site/a']).toBe(before.devices['site/a']);
    expect(after.devices['site/b']).not.toBe(before.devices['site/b']);
    expect(after.keys).toBe(before.keys);
    mergeDevices([testDevice('site/a')], NOW);
    expect(useDevices.getState().keys).toEqual(['site/a']);
  });

  it('highlights a device that came online between two reads, not those online at the start', () => {
    vi.useFakeTimers();
    mergeDevices([testDevice('site/a', onlineStatus(NOW)), testDevice('site/b')], NOW);
    expect(useDevices.getState().appearedAt).toEqual({});
    mergeDevices([
      testDevice('site/a', onlineStatus(NOW)),
      testDevice('site/b', onlineStatus(NOW)),
    ]);
    expect(Object.keys(useDevices.getState().appearedAt)).toEqual(['site/b']);
    vi.advanceTimersByTime(HIGHLIGHT_MS);
    expect(useDevices.getState().appearedAt).toEqual({});
  });
});

describe('presence', () => {
  it('a device that connects is shown at once and highlighted; going offline keeps it listed', () => {
    vi.useFakeTimers();
    mergeDevices([testDevice('site/a', onlineStatus(NOW))], NOW);
    applyPresence({ user: 'site', device: 'new', status: onlineStatus(NOW) }, NOW);
    const s = useDevices.getState();
    expect(s.keys).toEqual(['site/a', 'site/new']);
    expect(s.devices['site/new']?.status.online).toBe(true);
    expect(s.appearedAt['site/new']).toBe(NOW);

    applyPresence({ user: 'site', device: 'a', status: offlineStatus({ lastSeen: NOW }) }, NOW);
    expect(useDevices.getState().devices['site/a']?.status.online).toBe(false);
    expect(useDevices.getState().keys).toHaveLength(2);
    vi.advanceTimersByTime(HIGHLIGHT_MS);
    expect(useDevices.getState().appearedAt).toEqual({});
  });

  it('a newer connection of an online device is remembered as replacing it, while it lasts', () => {
    mergeDevices([testDevice('site/a', onlineStatus(NOW))], NOW);
    expect(replacedFrom(useDevices.getState(), 'site/a')).toBeNull();
    const newer = onlineStatus(NOW, { connectedSince: NOW, remoteAddress: '10.0.0.9:1' });
    applyPresence({ user: 'site', device: 'a', status: newer }, NOW);
    expect(replacedFrom(useDevices.getState(), 'site/a')).toBe('10.0.0.9:1');
    applyPresence({ user: 'site', device: 'a', status: offlineStatus({ lastSeen: NOW }) }, NOW);
    expect(replacedFrom(useDevices.getState(), 'site/a')).toBeNull();
  });

  it('a device that reconnects has its cached resources read again when shown', async () => {
    const fake = installFakeApi(
      fakeApi({ 'resources.describe': () => ({ value: { temperature: { fn: 3 } } }) }),
    );
    mergeDevices([testDevice('site/a', onlineStatus(NOW))], NOW);
    setExpanded('site/a', true);
    await flush();
    expect(useDevices.getState().resources['site/a']?.items).toHaveLength(1);
    applyPresence({ user: 'site', device: 'a', status: offlineStatus({ lastSeen: NOW }) });
    applyPresence({ user: 'site', device: 'a', status: onlineStatus(NOW) });
    expect(useDevices.getState().resources['site/a']?.stale).toBe(true);
    ensureResources('site/a');
    await flush();
    expect(fake.calls.filter((c) => c.name === 'resources.describe')).toHaveLength(2);
    expect(useDevices.getState().resources['site/a']?.stale).toBe(false);
  });

  it('followDevices reads the list, applies presence, re-reads for an unknown device and on link return, and disposes', async () => {
    let list = [testDevice('site/a', onlineStatus(NOW))];
    const fake = installFakeApi(fakeApi({ 'devices.list': () => ({ devices: list }) }));
    const stop = followDevices();
    await flush();
    expect(useDevices.getState().keys).toEqual(['site/a']);
    const reads = () => fake.calls.filter((c) => c.name === 'devices.list').length;
    expect(reads()).toBe(1);

    list = [...list, testDevice('site/b', onlineStatus(NOW), { name: 'Boiler' })];
    fake.emit('devices.presence', { user: 'site', device: 'b', status: onlineStatus(NOW) });
    expect(useDevices.getState().devices['site/b']?.status.online).toBe(true);
    await flush();
    expect(reads()).toBe(2);
    expect(useDevices.getState().devices['site/b']?.name).toBe('Boiler');

    // A known device's presence needs no list read.
    fake.emit('devices.presence', { user: 'site', device: 'a', status: offlineStatus() });
    await flush();
    expect(reads()).toBe(2);

    useConnection.setState({ link: 'lost' });
    useConnection.setState({ link: 'online' });
    await flush();
    expect(reads()).toBe(3);

    stop();
    expect(fake.subscriptions()).toEqual([]);
  });
});

describe('reading the list', () => {
  it('an explicit read reports its failure; a poll keeps what is shown', async () => {
    let fail = true;
    installFakeApi(
      fakeApi({
        'devices.list': () => {
          if (fail) throw new ApiTransportError('INTERNAL', 'database locked');
          return { devices: [testDevice('site/a')] };
        },
      }),
    );
    await refreshDevices();
    expect(useDevices.getState().error).toBeInstanceOf(ApiTransportError);
    expect(useDevices.getState().loaded).toBe(false);
    fail = false;
    await refreshDevices();
    expect(useDevices.getState()).toMatchObject({ loaded: true, error: null, keys: ['site/a'] });
    fail = true;
    await refreshDevices(false);
    expect(useDevices.getState()).toMatchObject({ error: null, keys: ['site/a'] });
  });

  it('watchDevices polls twice a second while the link is up, and stops when disposed', async () => {
    vi.useFakeTimers();
    const fake = installFakeApi(fakeApi({ 'devices.list': () => ({ devices: [] }) }));
    mergeDevices([], NOW);
    const reads = () => fake.calls.filter((c) => c.name === 'devices.list').length;
    const stop = watchDevices();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(reads()).toBe(6);
    useConnection.setState({ link: 'lost' });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(reads()).toBe(6);
    useConnection.setState({ link: 'online' });
    stop();
    const t = useDevices.getState().now;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(useDevices.getState().now).toBe(t);
    expect(reads()).toBe(6);
  });

  it('a large fleet is polled once a second', async () => {
    vi.useFakeTimers();
    const many = Array.from({ length: LARGE_FLEET + 1 }, (_, i) => testDevice(`site/d${i}`));
    const fake = installFakeApi(fakeApi({ 'devices.list': () => ({ devices: many }) }));
    mergeDevices(many, NOW);
    const stop = watchDevices();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fake.calls.filter((c) => c.name === 'devices.list')).toHaveLength(3);
    stop();
  });
});

describe('new badge', () => {
  it('goes for good when an automatically accepted device is opened', () => {
    mergeDevices([testDevice('site/a', offlineStatus(), { autoRegistered: true })], NOW);
    markOpened('site/a');
    expect(useDevices.getState().opened).toEqual({ 'site/a': true });
    const saved = JSON.parse(localStorage.getItem('iotmp-studio.devices') ?? '{}') as {
      state: { opened: Record<string, true> };
    };
    expect(saved.state.opened).toEqual({ 'site/a': true });
  });
});
