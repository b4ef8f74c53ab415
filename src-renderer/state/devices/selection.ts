/**
 * The tree's multi-selection (issue 16 "act on a selection"): devices ticked for a bulk action.
 * Keyed by device, so a device shown under two tags is one pick; a range runs over the device
 * rows in the order the tree shows them (the caller passes that order), from the row last ticked.
 */
import type { Device } from '@contract/schemas';
import { getDevices as get, setDevices as set, type DevicesData } from './store';

type Selection = Readonly<Record<string, true>>;

/** The selected keys in a stable (natural) order. */
export const selectedKeys = (s: Pick<DevicesData, 'keys' | 'selection'>): string[] =>
  s.keys.filter((k) => s.selection[k]);

/** The selection without devices that are gone (a merge calls it when the set of keys changes). */
export function pruneSelection(
  s: Pick<DevicesData, 'selection' | 'selectionAnchor'>,
  devices: Readonly<Record<string, Device>>,
): Pick<DevicesData, 'selection' | 'selectionAnchor'> {
  const kept = Object.keys(s.selection).filter((k) => devices[k]);
  if (kept.length === Object.keys(s.selection).length)
    return { selection: s.selection, selectionAnchor: s.selectionAnchor };
  return {
    selection: Object.fromEntries(kept.map((k) => [k, true as const])),
    selectionAnchor: s.selectionAnchor,
  };
}

/** A device row as the tree shows it: its row id (a device under two tags has two) and key. */
export interface PlacedDevice {
  id: string;
  key: string;
}

/**
 * The keys from the anchor row to the row `toId` in `order` (both ends included). An anchor not
 * shown (collapsed, filtered out) gives just the target.
 */
export function rangeKeys(
  order: readonly PlacedDevice[],
  anchor: string | null,
  toId: string,
): string[] {
  const end = order.findIndex((r) => r.id === toId);
  const target = order[end];
  if (!target) return [];
  const start = anchor === null ? -1 : order.findIndex((r) => r.id === anchor);
  if (start < 0) return [target.key];
  const [a, b] = start <= end ? [start, end] : [end, start];
  return [...new Set(order.slice(a, b + 1).map((r) => r.key))];
}

function withKeys(selection: Selection, keys: readonly string[], on: boolean): Selection {
  const next: Record<string, true> = { ...selection };
  for (const k of keys) {
    if (on) next[k] = true;
    else delete next[k];
  }
  return next;
}

/** Ticks or unticks one device; its row (`rowId`) becomes the anchor of the next range. */
export function toggleSelected(key: string, rowId: string = key): void {
  set((s) => ({
    selection: withKeys(s.selection, [key], !s.selection[key]),
    selectionAnchor: rowId,
  }));
}

/**
 * Shift+click or Shift+Space: every device from the anchor to `key`, in the tree's order, takes
 * the state of the anchor (ticked unless the anchor was just unticked), as in a file manager.
 */
export function selectRange(order: readonly PlacedDevice[], toId: string): void {
  set((s) => {
    const keys = rangeKeys(order, s.selectionAnchor, toId);
    const anchor = order.find((r) => r.id === s.selectionAnchor);
    const on = !anchor || Boolean(s.selection[anchor.key]);
    return { selection: withKeys(s.selection, keys, on) };
  });
}

/** Ticks (or unticks) a set of devices at once: a group's box, Select all shown. */
export function setSelected(keys: readonly string[], on: boolean): void {
  if (!keys.length) return;
  set((s) => ({ selection: withKeys(s.selection, keys, on) }));
}

export function clearSelection(): void {
  if (Object.keys(get().selection).length || get().selectionAnchor !== null)
    set({ selection: {}, selectionAnchor: null });
}
