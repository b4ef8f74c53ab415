// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Value } from '@contract/schemas';
import { createVerbs } from '@contract/verbs';
import { installVerbs } from '../api/connection';
import { fakeApi, installFakeApi, type FakeApi } from '../testing/fakeApi';
import {
  ARM_MS,
  arm,
  cancelRun,
  confirmArmed,
  detailsFrom,
  detailsInFlight,
  discardDraft,
  divergence,
  draftFor,
  dropDetailsRequest,
  editDraft,
  entryOf,
  HISTORY_LENGTH,
  MAX_DETAILS_IN_FLIGHT,
  requestDetails,
  resetResources,
  resourceKey,
  run,
  useResources,
} from './resources';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const KEY = resourceKey('site', 'thermo', 'setpoint');
const SETPOINT = { user: 'site', device: 'thermo', resource: 'setpoint', fn: 2 as const };

let fake: FakeApi;
beforeEach(() => {
  resetResources();
  localStorage.clear();
  fake = installFakeApi(fakeApi());
});
afterEach(() => vi.useRealTimers());

describe('resources slice: drafts', () => {
  it('starts from the device state, becomes the user’s draft when edited, and persists', () => {
    expect(draftFor(undefined, { in: 21 })).toEqual({ value: 21, source: 'described' });
    editDraft(KEY, { value: 25 }, 21);
    const saved = useResources.getState().drafts[KEY];
    expect(saved).toEqual({ value: 25, source: 'edited', basis: 21 });
    expect(draftFor(saved, { in: 21 }).value).toBe(25);
    editDraft(KEY, { value: 26 }, 22);
    expect(useResources.getState().drafts[KEY]?.basis).toBe(21);
    const stored = JSON.parse(localStorage.getItem('iotmp-studio.resources')!);
    expect(stored.state.drafts[KEY].value).toBe(26);
    expect(stored.state.entries).toBeUndefined();
  });

  it('an incoming value never overwrites a draft: it is pointed out instead', () => {
    editDraft(KEY, { value: 25 }, 21);
    const saved = useResources.getState().drafts[KEY];
    expect(divergence(saved, 21)).toBeNull();
    expect(divergence(saved, 40)).toBe('changed');
    expect(useResources.getState().drafts[KEY]?.value).toBe(25);
    discardDraft(KEY);
    expect(useResources.getState().drafts[KEY]).toBeUndefined();
  });

  it('a sent value becomes the draft and heads the last 10, without duplicates', async () => {
    fake.handle('resources.run', () => ({ value: null }));
    fake.handle('resources.describe', ({ resource }) => ({ value: { in: resource ? 7 : null } }));
    for (let i = 0; i < HISTORY_LENGTH + 2; i++) {
      run(SETPOINT, i);
      await flush();
    }
    run(SETPOINT, 3);
    await flush();
    const history = useResources.getState().history[KEY]!;
    expect(history).toHaveLength(HISTORY_LENGTH);
    expect(history.slice(0, 3)).toEqual([3, 11, 10]);
    const saved = useResources.getState().drafts[KEY];
    expect(saved).toEqual({ value: 3, source: 'sent' });
    expect(divergence(saved, 7)).toBe('differs');
  });
});

describe('resources slice: runs', () => {
  it('keeps one run in flight per resource; a newer value replaces the queued one', async () => {
    const answers: ReturnType<typeof deferred<{ value: Value }>>[] = [];
    fake.handle('resources.run', () => {
      const d = deferred<{ value: Value }>();
      answers.push(d);
      return d.promise;
    });
    fake.handle('resources.describe', () => ({ value: { in: 3 } }));
    run(SETPOINT, 1);
    run(SETPOINT, 2);
    run(SETPOINT, 3);
    expect(fake.calls.filter((c) => c.name === 'resources.run')).toHaveLength(1);
    expect(entryOf(KEY).queued).toEqual({ input: 3 });
    answers[0]!.resolve({ value: null });
    await flush();
    await flush();
    const runs = fake.calls.filter((c) => c.name === 'resources.run').map((c) => c.input);
    expect(runs).toEqual([
      { user: 'site', device: 'thermo', resource: 'setpoint', input: 1 },
      { user: 'site', device: 'thermo', resource: 'setpoint', input: 3 },
    ]);
    answers[1]!.resolve({ value: null });
    await flush();
    await flush();
    expect(entryOf(KEY).pending).toBeNull();
    expect(entryOf(KEY).details?.in).toBe(3);
    expect(entryOf(KEY).unconfirmed).toBe(false);
  });

  it('reads an input back after Send and flags a value the device did not take', async () => {
    fake.handle('resources.run', () => ({ value: null }));
    fake.handle('resources.describe', () => ({ value: { in: 30 } }));
    run(SETPOINT, 42);
    await flush();
    await flush();
    const describe = fake.calls.find((c) => c.name === 'resources.describe')!;
    expect(describe.input).toMatchObject({ resource: 'setpoint', refresh: true });
    expect(entryOf(KEY).details?.in).toBe(30);
    expect(entryOf(KEY).unconfirmed).toBe(true);
    expect(entryOf(KEY).last).toMatchObject({ kind: 'send', ok: true });
  });

  it('records a failure with its error and announces it', async () => {
    fake.handle('resources.run', () => Promise.reject({ code: 'TIMEOUT', message: 'late' }));
    const words = { reported: () => 'r', done: () => 'd', failed: () => 'it failed' };
    run({ ...SETPOINT, resource: 'reboot', fn: 1 }, undefined, words);
    await flush();
    const e = entryOf(resourceKey('site', 'thermo', 'reboot'));
    expect(e.last).toMatchObject({ kind: 'run', ok: false, error: { code: 'TIMEOUT' } });
    expect(useResources.getState().announcement?.text).toBe('it failed');
  });

  it('Cancel frees the resource at once, aborts the call, and ignores its late answer', async () => {
    let signal: AbortSignal | undefined;
    const late = deferred<unknown>();
    installVerbs(
      createVerbs({
        call: (_name, _input, s) => {
          signal = s;
          return late.promise;
        },
        subscribe: () => () => {},
      }),
    );
    const temp = { ...SETPOINT, resource: 'temperature', fn: 3 as const };
    run(temp, undefined);
    run(temp, undefined);
    const key = resourceKey('site', 'thermo', 'temperature');
    expect(entryOf(key).queued).not.toBeNull();
    cancelRun('site', 'thermo', 'temperature');
    expect(signal?.aborted).toBe(true);
    expect(entryOf(key)).toMatchObject({ pending: null, queued: null });
    expect(entryOf(key).last).toMatchObject({
      kind: 'read',
      ok: false,
      error: { code: 'CANCELLED' },
    });
    late.resolve({ value: 99 });
    await flush();
    expect(entryOf(key).output).toBeUndefined();
  });

  it('arms before changing, disarms by itself after 5 s, and sends what was armed', async () => {
    vi.useFakeTimers();
    fake.handle('resources.run', () => ({ value: null }));
    fake.handle('resources.describe', () => ({ value: { in: true } }));
    arm(KEY, true);
    expect(entryOf(KEY).armed?.input).toBe(true);
    vi.advanceTimersByTime(ARM_MS);
    expect(entryOf(KEY).armed).toBeNull();
    arm(KEY, true);
    confirmArmed(SETPOINT);
    expect(entryOf(KEY).armed).toBeNull();
    expect(fake.calls.map((c) => c.name)).toEqual(['resources.run']);
    vi.useRealTimers();
    await flush();
    await flush();
    expect(entryOf(KEY).details?.in).toBe(true);
  });
});

describe('resources slice: describe-one', () => {
  it(`asks at most ${MAX_DETAILS_IN_FLIGHT} at once per device, and drops what scrolled away`, async () => {
    const answers: ReturnType<typeof deferred<{ value: Value }>>[] = [];
    fake.handle('resources.describe', () => {
      const d = deferred<{ value: Value }>();
      answers.push(d);
      return d.promise;
    });
    for (let i = 0; i < 7; i++) requestDetails('site', 'thermo', `r${i}`);
    requestDetails('site', 'other', 'x');
    expect(detailsInFlight('site', 'thermo')).toBe(MAX_DETAILS_IN_FLIGHT);
    expect(fake.calls).toHaveLength(MAX_DETAILS_IN_FLIGHT + 1);
    dropDetailsRequest('site', 'thermo', 'r5');
    expect(entryOf(resourceKey('site', 'thermo', 'r5')).detailsState).toBe('idle');
    answers[0]!.resolve({ value: { out: 1 } });
    answers[1]!.resolve({ value: { out: 2 } });
    await flush();
    const asked = fake.calls.map((c) => (c.input as { resource: string }).resource);
    expect(asked).toEqual(['r0', 'r1', 'r2', 'r3', 'x', 'r4', 'r6']);
    const r0 = entryOf(resourceKey('site', 'thermo', 'r0'));
    expect(r0).toMatchObject({ detailsState: 'ready', output: 1, outputSource: 'describe' });
    requestDetails('site', 'thermo', 'r0');
    expect(fake.calls).toHaveLength(7);
  });

  it('reads a range carried beside the value', () => {
    expect(detailsFrom({ in: 21, min: 5, max: 30 })).toEqual({
      in: 21,
      range: { min: 5, max: 30 },
    });
    expect(detailsFrom({ out: 1, min: 5 })).toEqual({ out: 1 });
    expect(detailsFrom(null)).toEqual({});
  });
});
