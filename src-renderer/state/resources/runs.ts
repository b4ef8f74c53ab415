/**
 * Runs, sends and reads (UI.md §3.4): one call in flight per resource, and a newer value replaces
 * a queued one, so a slider cannot flood a device. Cancel frees the panel at once.
 */
import type { Value } from '@contract/schemas';
import { api } from '../../api/connection';
import { valuesEqual } from '../../model/pson';
import { applyDetails } from './details';
import { rememberSent } from './drafts';
import { detailsFrom, resourceKey, type Fn, type Outcome, type Pending } from './model';
import { announce, entryOf, patchEntry } from './store';

const controllers = new Map<string, AbortController>();

export interface RunTarget {
  user: string;
  device: string;
  resource: string;
  fn: Fn;
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
    patchEntry(key, { queued: { input } });
    return;
  }
  const kind: Pending['kind'] = t.fn === 3 ? 'read' : t.fn === 2 ? 'send' : 'run';
  const startedAt = Date.now();
  const controller = new AbortController();
  controllers.set(key, controller);
  patchEntry(key, {
    pending: { kind, startedAt, ...(input !== undefined ? { target: input } : {}) },
    armed: null,
    unconfirmed: false,
  });
  if (input !== undefined && t.fn !== 3) rememberSent(key, input);
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
          patchEntry(key, {
            last: outcome,
            output: value,
            outputAt: at,
            outputSource: kind === 'read' ? 'read' : 'run',
          });
          if (words) announce(words.reported(value));
          return;
        }
        if (t.fn === 1) {
          patchEntry(key, { last: outcome });
          if (words) announce(words.done());
          return;
        }
        patchEntry(key, { last: outcome });
        await readBack(t, key, input, words);
      },
      (error: unknown) => {
        if (!current()) return;
        const at = Date.now();
        patchEntry(key, {
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
      patchEntry(key, { pending: null, queued: null });
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
    patchEntry(key, { unconfirmed: !confirmed });
    if (words && details.in !== undefined) announce(words.reported(details.in));
  } catch (error) {
    patchEntry(key, { unconfirmed: sent !== undefined, detailsError: error });
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
  patchEntry(key, { queued: null, armed: null });
  const controller = controllers.get(key);
  if (!controller) return;
  controllers.delete(key);
  controller.abort();
  const pending = entryOf(key).pending;
  if (!pending) return;
  const at = Date.now();
  patchEntry(key, {
    pending: null,
    last: { kind: pending.kind, ok: false, at, ms: at - pending.startedAt, error: CANCELLED },
  });
}

/** The output of a stream sample (auto-refresh), already throttled by its owner. */
export function setStreamOutput(key: string, value: Value, at: number): void {
  patchEntry(key, { output: value, outputAt: at, outputSource: 'stream' });
}

/** Forgets the calls in flight (tests). */
export const resetRuns = (): void => controllers.clear();
