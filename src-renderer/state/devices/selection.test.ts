import { beforeEach, describe, expect, it } from 'vitest';
import { resetDevices, useDevices } from '../devices';
import { testDevice } from '../../views/devices/testDevices';
import { pruneSelection, rangeKeys, selectRange, toggleSelected } from './selection';

// Rows as the tree shows them grouped by tag: pump-1 is under two tags.
const order = [
  { id: 't:a\u0001d:s/pump-1', key: 's/pump-1' },
  { id: 't:a\u0001d:s/pump-2', key: 's/pump-2' },
  { id: 't:b\u0001d:s/pump-1', key: 's/pump-1' },
  { id: 't:b\u0001d:s/pump-3', key: 's/pump-3' },
];

describe('the tree selection', () => {
  beforeEach(() => resetDevices());

  it('a range runs from the anchor row to the target row, each device once', () => {
    expect(rangeKeys(order, order[0]!.id, order[3]!.id)).toEqual([
      's/pump-1',
      's/pump-2',
      's/pump-3',
    ]);
    // Upwards, and from the second row of pump-1: only what lies between.
    expect(rangeKeys(order, order[2]!.id, order[3]!.id)).toEqual(['s/pump-1', 's/pump-3']);
    expect(rangeKeys(order, order[3]!.id, order[1]!.id)).toEqual([
      's/pump-2',
      's/pump-1',
      's/pump-3',
    ]);
    // No anchor (or one no longer shown): just the target.
    expect(rangeKeys(order, null, order[1]!.id)).toEqual(['s/pump-2']);
    expect(rangeKeys(order, 'gone', order[1]!.id)).toEqual(['s/pump-2']);
  });

  it('a range takes the anchor’s state: unticking the anchor then Shift unticks the range', () => {
    toggleSelected('s/pump-1', order[0]!.id);
    selectRange(order, order[3]!.id);
    expect(Object.keys(useDevices.getState().selection).sort()).toEqual([
      's/pump-1',
      's/pump-2',
      's/pump-3',
    ]);
    toggleSelected('s/pump-3', order[3]!.id);
    selectRange(order, order[1]!.id);
    expect(Object.keys(useDevices.getState().selection)).toEqual([]);
  });

  it('a device that is gone leaves the selection', () => {
    const kept = pruneSelection(
      { selection: { 's/a': true, 's/b': true }, selectionAnchor: 'd:s/b' },
      { 's/a': testDevice('s/a') },
    );
    expect(kept.selection).toEqual({ 's/a': true });
    const same = { selection: { 's/a': true as const }, selectionAnchor: null };
    expect(pruneSelection(same, { 's/a': testDevice('s/a') }).selection).toBe(same.selection);
  });
});
