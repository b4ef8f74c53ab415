/**
 * The resources slice's model (UI.md §3.2, §3.4): what is kept per (device, resource), its bounds,
 * and the pure rules: when to ask before changing, describe-one's payload as details, the value
 * an input form starts from and when the device's state diverged from it.
 */
import { deviceKey } from '@contract/deviceKey';
import type { Value } from '@contract/schemas';
import { isMap, shapeOf, valuesEqual, type Draft } from '../../model/pson';

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

// ---------------------------------------------------------------------------------------------
// Pure rules

/** UI.md §3.4: on by default for inputs (fn 2), off for input + output (fn 4). */
export const askByDefault = (fn: Fn): boolean => fn === 2;

export const asksBeforeChanging = (
  ask: Readonly<Record<string, boolean>>,
  key: string,
  fn: Fn,
): boolean => ask[key] ?? askByDefault(fn);

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
