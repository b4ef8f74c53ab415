import { describe, expect, it } from 'vitest';
import { clickIntent, type RowClick } from './treeCommands';
import { activeIndexOf } from './useActiveRow';
import type { TreeRow } from './treeRows';

const group: TreeRow = {
  kind: 'group',
  id: 'g:u:site',
  groupId: 'u:site',
  by: 'user',
  name: 'site',
  total: 2,
  online: 1,
  expanded: true,
  keys: ['site/a', 'site/b'],
};
const device = (key: string): TreeRow => ({
  kind: 'device',
  id: `d:${key}`,
  key,
  expanded: false,
  setSize: 2,
  pos: 1,
});
const resource: TreeRow = {
  kind: 'resource',
  id: 'r:site/a:temp',
  key: 'site/a',
  resource: { name: 'temp', kind: 'out' },
  setSize: 1,
  pos: 1,
};
const note: TreeRow = { kind: 'note', id: 'n:site/a', key: 'site/a', note: 'error' };
const click = (patch: Partial<RowClick> = {}): RowClick => ({
  onBox: false,
  onTwisty: false,
  mod: false,
  shift: false,
  ...patch,
});

describe('clickIntent', () => {
  it('a plain click opens a device, a resource or a note, and toggles a group', () => {
    expect(clickIntent(device('site/a'), click())).toBe('open');
    expect(clickIntent(resource, click())).toBe('open');
    expect(clickIntent(note, click())).toBe('open');
    expect(clickIntent(group, click())).toBe('toggle');
  });

  it('the box, Ctrl/⌘ or Shift on a device ticks it; the box or Ctrl/⌘ on a group ticks it', () => {
    expect(clickIntent(device('site/a'), click({ onBox: true }))).toBe('tick');
    expect(clickIntent(device('site/a'), click({ mod: true }))).toBe('tick');
    expect(clickIntent(device('site/a'), click({ shift: true }))).toBe('tick');
    expect(clickIntent(group, click({ onBox: true }))).toBe('tick');
    expect(clickIntent(group, click({ mod: true }))).toBe('tick');
    // Shift alone on a group is a plain click: it toggles.
    expect(clickIntent(group, click({ shift: true }))).toBe('toggle');
  });

  it('a twisty toggles a device; rows that cannot be ticked or expanded open', () => {
    expect(clickIntent(device('site/a'), click({ onTwisty: true }))).toBe('toggle');
    expect(clickIntent(resource, click({ mod: true }))).toBe('open');
    expect(clickIntent(resource, click({ onTwisty: true }))).toBe('open');
    expect(clickIntent(note, click({ shift: true }))).toBe('open');
  });
});

describe('activeIndexOf', () => {
  const rows = [group, device('site/a'), resource, device('site/b')];

  it('is the row last made active while it is still listed', () => {
    expect(activeIndexOf(rows, 'r:site/a:temp', 'site/b')).toBe(2);
  });

  it('else the open device, else the first row', () => {
    expect(activeIndexOf(rows, null, 'site/b')).toBe(3);
    expect(activeIndexOf(rows, 'd:site/gone', 'site/b')).toBe(3);
    expect(activeIndexOf(rows, null, null)).toBe(0);
    expect(activeIndexOf(rows, null, 'other/x')).toBe(0);
    expect(activeIndexOf([], null, null)).toBe(0);
  });
});
