// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '@contract/schemas';
import { fakeApi, installFakeApi, type FakeApi } from '../testing/fakeApi';
import { useSettings } from './settings';

let fake: FakeApi;
let current: Settings;

beforeEach(() => {
  vi.useFakeTimers();
  current = { acceptNewDevices: false, acceptNewDevicesUntil: null, endpoints: {} };
  fake = installFakeApi(
    fakeApi({
      'settings.get': () => current,
      'settings.update': (input) => {
        const on = input.acceptNewDevices ?? current.acceptNewDevices;
        const ms = input.acceptNewDevicesForMs ?? null;
        current = {
          ...current,
          acceptNewDevices: on,
          acceptNewDevicesUntil: on && ms ? Date.now() + ms : null,
        };
        return current;
      },
      'broker.status': () => {
        throw new Error('not needed here');
      },
    }),
  );
  useSettings.setState({ settings: null, autoOffMs: 900_000 });
});
afterEach(() => vi.useRealTimers());

describe('the settings slice', () => {
  it('switches accept-new-devices on for the chosen time and reads again once main turned it off', async () => {
    await useSettings.getState().setAccept(true);
    expect(fake.calls.find((c) => c.name === 'settings.update')!.input).toEqual({
      acceptNewDevices: true,
      acceptNewDevicesForMs: 900_000,
    });
    expect(fake.calls.some((c) => c.name === 'broker.status')).toBe(true);
    expect(useSettings.getState().settings?.acceptNewDevices).toBe(true);

    // Main's timer fires at the deadline; the slice asks again just after it.
    current = { ...current, acceptNewDevices: false, acceptNewDevicesUntil: null };
    const gets = (): number => fake.calls.filter((c) => c.name === 'settings.get').length;
    await vi.advanceTimersByTimeAsync(900_000);
    expect(gets()).toBe(0);
    await vi.advanceTimersByTimeAsync(600);
    expect(gets()).toBe(1);
    expect(useSettings.getState().settings?.acceptNewDevices).toBe(false);
  });

  it('a failed switch keeps the old state and says why', async () => {
    fake.handle('settings.update', () => {
      throw new Error('lost contact');
    });
    await useSettings.getState().refresh();
    await useSettings.getState().setAccept(true);
    expect(useSettings.getState().settings?.acceptNewDevices).toBe(false);
    expect(useSettings.getState().acceptError).toBeInstanceOf(Error);
    expect(useSettings.getState().acceptPending).toBe(false);
  });

  it('a new auto-off time re-arms the switch only while it is on', async () => {
    await useSettings.getState().setAutoOff(28_800_000);
    expect(fake.calls.some((c) => c.name === 'settings.update')).toBe(false);
    await useSettings.getState().setAccept(true);
    await useSettings.getState().setAutoOff(null);
    expect(fake.calls.filter((c) => c.name === 'settings.update').at(-1)!.input).toEqual({
      acceptNewDevices: true,
      acceptNewDevicesForMs: null,
    });
  });
});
