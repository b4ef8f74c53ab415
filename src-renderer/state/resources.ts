/**
 * The resources slice (UI.md §3.2, §3.4): per (device, resource) the describe-one sample, the
 * last output, the call in flight and its outcome, the actuator's armed state; and, persisted in
 * local storage, the drafts of input forms, the last 10 values sent and the "Ask before changing"
 * marks. The resource list itself comes from the devices slice (describe-all).
 *
 * Bounds: describe-one runs the handler on the device (IOTMP.md §7.3), so at most
 * `MAX_DETAILS_IN_FLIGHT` per device run at once (the broker allows 8, §10.1); one run in flight
 * per resource, and a newer value replaces a queued one, so a slider cannot flood a device.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { deviceKey } from '@contract/deviceKey';
import type { Value } from '@contract/schemas';
import { api } from '../api/connection';
import { isMap, shapeOf, valuesEqual, type Draft } from '../model/pson';
import { changedOnlyStorage } from './changedOnlyStorage';

/** Describe-one requests per device at once (UI.md §3.2 "Reading values"). */
export const MAX_DETAILS_IN_FLIGHT = 4;
/** Values kept per resource in the "Last sent" list (UI.md §3.2 "Saved inputs"). */
export const HISTORY_LENGTH = 10;
/** An armed actuator disarms by itself after this (UI.md §3.4). */
export const ARM_MS = 5_000;
/** A pending call offers Cancel after this (UI.md §1 "Nothing blocks"). */
export const CANCEL_AFTER_MS = 2_000;

export type Fn = 1 | 2 | 3 | 4;

export const resourceKey = (user: string, device: string, resource: string): string =>
  `${deviceKey(user, device)}\u0000${resource}`;

export interface Details {
  /** The input's state or template (fn 2, 4). */
  in?: Value;
  /** A sample output (fn 3, 4). */
  out?: Value;
  /** A range carried beside the value (`{"in": 21, "min": 5, "max": 30}`), for sliders. */
  range?: { min: number; max: number };
}

export interface Outcome {
  kind: 'run' | 'send' | 'read';
  ok: boolean;
  /** When the answer came (ms). */
  at: number;
  ms: number;
  error?: unknown;
}

export interface Pending {
  kind: 'run' | 'send' | 'read';
  startedAt: number;
  /** The value being sent, ghosted on the control until the device confirms it. */
  target?: Value;
}

export interface ResourceEntry {
  details: Details | null;
  detailsAt: number | null;
  detailsState: 'idle' | 'queued' | 'loading' | 'ready' | 'error';
  detailsError: unknown;
  /** The last output, and where it came from. */
  output: Value | undefined;
  outputAt: number | null;
  outputSource: 'describe' | 'read' | 'run' | 'stream' | null;
  pending: Pending | null;
  /** A newer input waiting for the run in flight (only one is kept). */
  queued: { input: Value | undefined } | null;
  last: Outcome | null;
  /** The last change was not confirmed by the device ("did not confirm the change"). */
  unconfirmed: boolean;
  /**
   * Armed for confirmation: the value that Confirm sends, until when, and where it was armed
   * (the panel or the Controls strip), so the question shows beside the control that was used.
   */
  armed: { input: Value | undefined; until: number; origin: string } | null;
}

export interface SavedDraft extends Draft {
  /** 'edited': typed since; 'sent': the value last sent. */
  source: 'edited' | 'sent';
  /** What the device reported when editing began: a later change is pointed out, not applied. */
  basis?: Value | undefined;
}

export interface ResourcesData {
  entries: Readonly<Record<string, ResourceEntry>>;
  /** The outcome of the user's own Run or Send, for the one polite live region. */
  announcement: { text: string; seq: number } | null;
  drafts: Readonly<Record<string, SavedDraft>>;
  history: Readonly<Record<string, readonly Value[]>>;
  /** "Ask before changing", where the user set it (else the default of `askByDefault`). */
  ask: Readonly<Record<string, boolean>>;
}

export const emptyEntry: ResourceEntry = {
  details: null,
  detailsAt: null,
  detailsState: 'idle',
  detailsError: null,
  output: undefined,
  outputAt: null,
  outputSource: null,
  pending: null,
  queued: null,
  last: null,
  unconfirmed: false,
  armed: null,
};

const initialData = (): ResourcesData => ({
  entries: {},
  announcement: null,
  drafts: {},
  history: {},
  ask: {},
});

export const useResources = create<ResourcesData>()(
  persist(initialData, {
    name: 'iotmp-studio.resources',
    storage: changedOnlyStorage(),
    version: 1,
    partialize: (s) => ({ drafts: s.drafts, history: s.history, ask: s.ask }),
  }),
);

const get = useResources.getState;
const set = (fn: (s: ResourcesData) => Partial<ResourcesData>): void => {
  useResources.setState(fn);
};

function patch(key: string, change: Partial<ResourceEntry>): void {
  set((s) => ({
    entries: { ...s.entries, [key]: { ...(s.entries[key] ?? emptyEntry), ...change } },
  }));
}

export const entryOf = (key: string): ResourceEntry => get().entries[key] ?? emptyEntry;

// ---------------------------------------------------------------------------------------------
// Pure rules

/** UI.md §3.4: on by default for inputs (fn 2), off for input + output (fn 4). */
export const askByDefault = (fn: Fn): boolean => fn === 2;

export const asksBeforeChanging = (ask: ResourcesData['ask'], key: string, fn: Fn): boolean =>
  ask[key] ?? askByDefault(fn);

const finite = (v: Value | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Describe-one's payload (IOTMP.md §7.3) with a range when `min`/`max` sit beside the value. */
export function detailsFrom(value: Value): Details {
  if (!isMap(value) || shapeOf(value) !== 'map') return {};
  const d: Details = {};
  if ('in' in value) d.in = value.in;
  if ('out' in value) d.out = value.out;
  const { min, max } = value;
  if (finite(min) && finite(max) && min < max) d.range = { min, max };
  return d;
}

/** The value an input form starts from: the draft, else the device's state or template. */
export function draftFor(
  saved: SavedDraft | undefined,
  details: Details | null,
): Draft & { source: 'edited' | 'sent' | 'described' } {
  if (saved) return saved;
  return { value: details?.in ?? null, source: 'described' };
}

/**
 * "The device now reports 40 · Use it": the device's state changed after the user began editing,
 * or differs from what was sent. Null when there is nothing to point out.
 */
export function divergence(
  saved: SavedDraft | undefined,
  reported: Value | undefined,
): 'changed' | 'differs' | null {
  if (!saved || reported === undefined || valuesEqual(saved.value, reported)) return null;
  if (saved.source === 'sent') return 'differs';
  return saved.basis !== undefined && !valuesEqual(saved.basis, reported) ? 'changed' : null;
}

// ---------------------------------------------------------------------------------------------
// Describe-one, at most MAX_DETAILS_IN_FLIGHT per device

interface DetailsJob {
  key: string;
  user: string;
  device: string;
  resource: string;
  refresh: boolean;
}

const queues = new Map<string, DetailsJob[]>();
const inFlight = new Map<string, number>();

export const detailsInFlight = (user: string, device: string): number =>
  inFlight.get(deviceKey(user, device)) ?? 0;

function pump(dev: string): void {
  const queue = queues.get(dev);
  while (queue?.length && (inFlight.get(dev) ?? 0) < MAX_DETAILS_IN_FLIGHT) {
    const job = queue.shift()!;
    inFlight.set(dev, (inFlight.get(dev) ?? 0) + 1);
    patch(job.key, { detailsState: 'loading' });
    api()
      .resources.describe({
        user: job.user,
        device: job.device,
        resource: job.resource,
        ...(job.refresh ? { refresh: true } : {}),
      })
      .then(
        ({ value }) => applyDetails(job.key, detailsFrom(value), 'describe'),
        (error: unknown) => patch(job.key, { detailsState: 'error', detailsError: error }),
      )
      .finally(() => {
        inFlight.set(dev, (inFlight.get(dev) ?? 1) - 1);
        pump(dev);
      });
  }
  if (queue && !queue.length) queues.delete(dev);
}

function applyDetails(key: string, details: Details, source: 'describe'): void {
  const now = Date.now();
  const change: Partial<ResourceEntry> = {
    details,
    detailsAt: now,
    detailsState: 'ready',
    detailsError: null,
  };
  const e = entryOf(key);
  // The sample describe gives for an output stands until a read or run brings a newer one.
  if (details.out !== undefined && (e.outputAt === null || e.outputSource === 'describe'))
    Object.assign(change, { output: details.out, outputAt: now, outputSource: source });
  patch(key, change);
}

/**
 * Asks for a resource's `in`/`out` (once; again with `refresh` or after an error). `refresh`
 * bypasses the broker's describe cache: the state of an input must be current.
 */
export function requestDetails(
  user: string,
  device: string,
  resource: string,
  options: { refresh?: boolean; force?: boolean } = {},
): void {
  const key = resourceKey(user, device, resource);
  const state = entryOf(key).detailsState;
  if (state === 'queued' || state === 'loading') return;
  if (state === 'ready' && !options.force) return;
  const dev = deviceKey(user, device);
  const queue = queues.get(dev) ?? [];
  queue.push({ key, user, device, resource, refresh: options.refresh ?? false });
  queues.set(dev, queue);
  patch(key, { detailsState: 'queued' });
  pump(dev);
}

/** A panel scrolled away before its turn: its request leaves the queue. */
export function dropDetailsRequest(user: string, device: string, resource: string): void {
  const key = resourceKey(user, device, resource);
  const queue = queues.get(deviceKey(user, device));
  if (!queue) return;
  const i = queue.findIndex((j) => j.key === key);
  if (i < 0) return;
  queue.splice(i, 1);
  patch(key, { detailsState: 'idle' });
}

/** After a reconnect every sample is old: panels in view ask again. */
export function invalidateDetails(user: string, device: string): void {
  const prefix = `${deviceKey(user, device)}\u0000`;
  set((s) => {
    const entries = { ...s.entries };
    for (const [key, e] of Object.entries(entries))
      if (key.startsWith(prefix) && e.detailsState !== 'queued' && e.detailsState !== 'loading')
        entries[key] = { ...e, detailsState: 'idle' };
    return { entries };
  });
}

// ---------------------------------------------------------------------------------------------
// Runs: one in flight per resource, a newer input replaces a queued one

const controllers = new Map<string, AbortController>();

export interface RunTarget {
  user: string;
  device: string;
  resource: string;
  fn: Fn;
}

function announce(text: string): void {
  set((s) => ({ announcement: { text, seq: (s.announcement?.seq ?? 0) + 1 } }));
}

export interface RunWords {
  /** What the device now reports, in words, for the announcement. */
  reported(v: Value): string;
  done(): string;
  failed(error: unknown): string;
}

/**
 * Runs a resource (fn 1), sends an input (fn 2), runs with an input (fn 4) or reads (fn 3).
 * Inputs are recorded in the history and become the draft ("prefilled with the last value
 * sent"); for fn 2 the state is read back with a describe-one, since RUN cannot read an input
 * (IOTMP.md §7.4), and a value the device did not take is flagged.
 */
export function run(t: RunTarget, input: Value | undefined, words?: RunWords): void {
  const key = resourceKey(t.user, t.device, t.resource);
  const e = entryOf(key);
  if (e.pending) {
    patch(key, { queued: { input } });
    return;
  }
  const kind: Pending['kind'] = t.fn === 3 ? 'read' : t.fn === 2 ? 'send' : 'run';
  const startedAt = Date.now();
  const controller = new AbortController();
  controllers.set(key, controller);
  patch(key, {
    pending: { kind, startedAt, ...(input !== undefined ? { target: input } : {}) },
    armed: null,
    unconfirmed: false,
  });
  if (input !== undefined && t.fn !== 3) remember(key, input);
  const ref = { user: t.user, device: t.device, resource: t.resource };
  const call =
    t.fn === 3
      ? api().resources.read(ref, controller.signal)
      : api().resources.run(
          { ...ref, ...(input !== undefined && t.fn !== 1 ? { input } : {}) },
          controller.signal,
        );
  // A cancelled call is settled at once (cancelRun); what it answers later is ignored.
  const current = (): boolean => controllers.get(key) === controller;
  void call
    .then(
      async ({ value }) => {
        if (!current()) return;
        const at = Date.now();
        const outcome: Outcome = { kind, ok: true, at, ms: at - startedAt };
        if (t.fn === 3 || t.fn === 4) {
          patch(key, {
            last: outcome,
            output: value,
            outputAt: at,
            outputSource: kind === 'read' ? 'read' : 'run',
          });
          if (words) announce(words.reported(value));
          return;
        }
        if (t.fn === 1) {
          patch(key, { last: outcome });
          if (words) announce(words.done());
          return;
        }
        patch(key, { last: outcome });
        await readBack(t, key, input, words);
      },
      (error: unknown) => {
        if (!current()) return;
        const at = Date.now();
        patch(key, {
          last: { kind, ok: false, at, ms: at - startedAt, error },
          unconfirmed: input !== undefined && t.fn === 2,
        });
        if (words) announce(words.failed(error));
      },
    )
    .finally(() => {
      if (!current()) return;
      controllers.delete(key);
      const queued = entryOf(key).queued;
      patch(key, { pending: null, queued: null });
      if (queued) run(t, queued.input, words);
    });
}

/** The state of an input after Send (fn 2): a fresh describe-one, compared with what was sent. */
async function readBack(
  t: RunTarget,
  key: string,
  sent: Value | undefined,
  words?: RunWords,
): Promise<void> {
  try {
    const { value } = await api().resources.describe({
      user: t.user,
      device: t.device,
      resource: t.resource,
      refresh: true,
    });
    const details = detailsFrom(value);
    applyDetails(key, details, 'describe');
    const confirmed = sent === undefined || valuesEqual(details.in, sent);
    patch(key, { unconfirmed: !confirmed });
    if (words && details.in !== undefined) announce(words.reported(details.in));
  } catch (error) {
    patch(key, { unconfirmed: sent !== undefined, detailsError: error });
    if (words) announce(words.failed(error));
  }
}

/** What a call cancelled by the user ends with (panelError words it). */
const CANCELLED = { code: 'CANCELLED', message: 'cancelled by the user' };

/**
 * Cancels the call in flight (and what was queued behind it): the panel is free at once, the
 * AbortSignal tells main, and a late answer is ignored.
 */
export function cancelRun(user: string, device: string, resource: string): void {
  const key = resourceKey(user, device, resource);
  patch(key, { queued: null, armed: null });
  const controller = controllers.get(key);
  if (!controller) return;
  controllers.delete(key);
  controller.abort();
  const pending = entryOf(key).pending;
  if (!pending) return;
  const at = Date.now();
  patch(key, {
    pending: null,
    last: { kind: pending.kind, ok: false, at, ms: at - pending.startedAt, error: CANCELLED },
  });
}

/** The output of a stream sample (auto-refresh), already throttled by its owner. */
export function setStreamOutput(key: string, value: Value, at: number): void {
  patch(key, { output: value, outputAt: at, outputSource: 'stream' });
}

// ---------------------------------------------------------------------------------------------
// Confirmation (UI.md §3.4): arm, then confirm; disarms after ARM_MS

const armTimers = new Map<string, ReturnType<typeof setTimeout>>();

export function arm(
  key: string,
  input: Value | undefined,
  words?: { armed: string },
  origin = 'panel',
): void {
  clearTimeout(armTimers.get(key));
  patch(key, { armed: { input, until: Date.now() + ARM_MS, origin } });
  armTimers.set(
    key,
    setTimeout(() => disarm(key), ARM_MS),
  );
  if (words) announce(words.armed);
}

export function disarm(key: string): void {
  clearTimeout(armTimers.get(key));
  armTimers.delete(key);
  if (entryOf(key).armed) patch(key, { armed: null });
}

/** Sends what was armed. */
export function confirmArmed(t: RunTarget, words?: RunWords): void {
  const key = resourceKey(t.user, t.device, t.resource);
  const armed = entryOf(key).armed;
  if (!armed) return;
  disarm(key);
  run(t, armed.input, words);
}

export function setAsk(key: string, value: boolean): void {
  set((s) => ({ ask: { ...s.ask, [key]: value } }));
}

// ---------------------------------------------------------------------------------------------
// Drafts and history (persisted)

/** The user typed: the draft is theirs from now on; `reported` is the device's state then. */
export function editDraft(key: string, draft: Draft, reported: Value | undefined): void {
  set((s) => {
    const prev = s.drafts[key];
    const basis = prev?.source === 'edited' ? prev.basis : reported;
    const next: SavedDraft = { ...draft, source: 'edited' };
    if (basis !== undefined) next.basis = basis;
    return { drafts: { ...s.drafts, [key]: next } };
  });
}

/** "Use it": the form takes the device's value and follows it again. */
export function discardDraft(key: string): void {
  set((s) => {
    if (!s.drafts[key]) return {};
    const drafts = { ...s.drafts };
    delete drafts[key];
    return { drafts };
  });
}

function remember(key: string, input: Value): void {
  set((s) => {
    const prev = (s.history[key] ?? []).filter((v) => !valuesEqual(v, input));
    return {
      history: { ...s.history, [key]: [input, ...prev].slice(0, HISTORY_LENGTH) },
      drafts: { ...s.drafts, [key]: { value: input, source: 'sent' } },
    };
  });
}

/** Back to the first state (tests). */
export function resetResources(): void {
  for (const t of armTimers.values()) clearTimeout(t);
  armTimers.clear();
  queues.clear();
  inFlight.clear();
  controllers.clear();
  useResources.setState(initialData());
}
