import { describe, expect, it } from 'vitest';
import type { Device } from '@contract/schemas';
import { resourcesFromDescribe, type ResourceList } from '../../state/devices';
import { offlineStatus, onlineStatus, testDevice } from './testDevices';
import { filterPattern } from './deviceFilter';
import type { TreeInput } from './treeInput';
import { deviceOrder, treeRows, type TreeRow } from './treeRows';

const NOW = 1_800_000_000_000;

function input(devices: Device[], patch: Partial<TreeInput> = {}): TreeInput {
  return {
    keys: devices.map((d) => d.key).sort(),
    devices: Object.fromEntries(devices.map((d) => [d.key, d])),
    resources: {},
    filter: '',
    statusFilter: 'all',
    tagFilter: null,
    sort: 'status',
    collapsedGroups: {},
    expanded: {},
    ...patch,
  };
}

const ready = (...names: string[]): ResourceList => ({
  state: 'ready',
  items: names.map((name) => ({ name, kind: 'out' })),
  error: null,
  at: NOW,
  stale: false,
  changes: null,
});

/** Rows as short strings: `site`, `  site/b`, `    temp`, `    (loading)`. */
const outline = (rows: TreeRow[]): string[] =>
  rows.map((r) =>
    r.kind === 'group'
      ? r.name || '(untagged)'
      : r.kind === 'device'
        ? `  ${r.key}`
        : r.kind === 'resource'
          ? `    ${r.resource.name}`
          : `    (${r.note})`,
  );

const fleet = [
  testDevice('site/boiler', offlineStatus({ lastSeen: NOW - 300_000, bytesIn: 900 }), {
    name: 'Boiler room',
  }),
  testDevice('site/thermo', onlineStatus(NOW, { bytesIn: 100, bytesOut: 0 }), {
    name: 'Thermostat',
  }),
  testDevice('site/alarm', onlineStatus(NOW, { lastSeen: NOW - 2_000, bytesIn: 5_000 })),
  testDevice('lab/relay-1', onlineStatus(NOW, { lastSeen: NOW - 10 })),
];

describe('the tree', () => {
  it('groups by IoTMP user; online devices first by id, offline ones after', () => {
    expect(outline(treeRows(input(fleet)))).toEqual([
      'lab',
      '  lab/relay-1',
      'site',
      '  site/alarm',
      '  site/thermo',
      '  site/boiler',
    ]);
  });

  it('sorts devices and resources in natural order (field-2 before field-10)', () => {
    const fields = ['field-10', 'field-2', 'field-100', 'field-1'].map((id) =>
      testDevice(`site/${id}`, onlineStatus(NOW)),
    );
    const rows = treeRows(
      input(fields, {
        expanded: { 'site/field-1': true },
        resources: {
          'site/field-1': {
            ...ready(),
            items: resourcesFromDescribe({ t10: { fn: 3 }, t2: { fn: 3 }, t1: { fn: 3 } }),
          },
        },
      }),
    );
    expect(outline(rows)).toEqual([
      'site',
      '  site/field-1',
      '    t1',
      '    t2',
      '    t10',
      '  site/field-2',
      '  site/field-10',
      '  site/field-100',
    ]);
  });

  it('sorts by last seen (newest first) or by traffic when asked', () => {
    expect(outline(treeRows(input(fleet, { sort: 'lastSeen' }))).slice(3)).toEqual([
      '  site/thermo',
      '  site/alarm',
      '  site/boiler',
    ]);
    // Bytes in + out: 8 100, 900 (offline, its last session's), 100.
    expect(outline(treeRows(input(fleet, { sort: 'traffic' }))).slice(3)).toEqual([
      '  site/alarm',
      '  site/boiler',
      '  site/thermo',
    ]);
  });

  it('a collapsed group hides its devices; the group row still counts them', () => {
    const rows = treeRows(input(fleet, { collapsedGroups: { 'u:site': true } }));
    expect(outline(rows)).toEqual(['lab', '  lab/relay-1', 'site']);
    expect(rows[2]).toMatchObject({ kind: 'group', total: 3, online: 2, expanded: false });
  });

  it('an expanded device lists its resources, or says why it cannot', () => {
    const rows = treeRows(
      input(fleet, {
        expanded: { 'site/thermo': true, 'site/boiler': true, 'site/alarm': true },
        resources: { 'site/thermo': ready('temperature', 'setpoint') },
      }),
    );
    expect(outline(rows).slice(3)).toEqual([
      '  site/alarm',
      '    (loading)',
      '  site/thermo',
      '    temperature',
      '    setpoint',
      '  site/boiler',
      '    (offline)',
    ]);
    expect(rows.find((r) => r.kind === 'resource')).toMatchObject({ setSize: 2, pos: 1 });
  });
});

describe('grouped by tag', () => {
  const tagged = [
    testDevice('site/pump-10', onlineStatus(NOW), { tags: ['room-2'] }),
    testDevice('site/pump-2', offlineStatus({ lastSeen: NOW - 60_000 }), { tags: ['room-2'] }),
    testDevice('site/pump-1', onlineStatus(NOW), { tags: ['room-10', 'room-2'] }),
    testDevice('lab/relay', onlineStatus(NOW)),
  ];
  const byTag = (patch: Partial<TreeInput> = {}) =>
    treeRows(input(tagged, { groupBy: 'tag', ...patch }));

  it('lists each tag in natural order with its counts, untagged devices last', () => {
    const rows = byTag();
    expect(outline(rows)).toEqual([
      'room-2',
      '  site/pump-1',
      '  site/pump-10',
      '  site/pump-2',
      'room-10',
      '  site/pump-1',
      '(untagged)',
      '  lab/relay',
    ]);
    expect(rows[0]).toMatchObject({
      kind: 'group',
      by: 'tag',
      groupId: 't:room-2',
      total: 3,
      online: 2,
      keys: ['site/pump-1', 'site/pump-10', 'site/pump-2'],
    });
    expect(rows.at(-2)).toMatchObject({ by: 'untagged', groupId: 't:', total: 1, online: 1 });
  });

  it('a device under two tags is two rows with their own ids', () => {
    const ids = byTag()
      .filter((r) => r.kind === 'device' && r.key === 'site/pump-1')
      .map((r) => r.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(new Set(byTag().map((r) => r.id)).size).toBe(byTag().length);
  });

  it('a collapsed tag hides its devices; the others stay', () => {
    expect(outline(byTag({ collapsedGroups: { 't:room-2': true, 't:': true } }))).toEqual([
      'room-2',
      'room-10',
      '  site/pump-1',
      '(untagged)',
    ]);
  });

  it('the filters still apply, and the device order follows the rows', () => {
    const rows = byTag({ statusFilter: 'online' });
    expect(outline(rows)).toEqual([
      'room-2',
      '  site/pump-1',
      '  site/pump-10',
      'room-10',
      '  site/pump-1',
      '(untagged)',
      '  lab/relay',
    ]);
    expect(deviceOrder(rows).map((r) => r.key)).toEqual([
      'site/pump-1',
      'site/pump-10',
      'site/pump-1',
      'lab/relay',
    ]);
  });
});

describe('the filter', () => {
  it('is a case-insensitive substring with * as a wildcard', () => {
    expect(filterPattern('')).toBeNull();
    expect(filterPattern('*')).toBeNull();
    expect(filterPattern('THER')!.test('thermo')).toBe(true);
    expect(filterPattern('t*mo')!.test('site thermo')).toBe(true);
    expect(filterPattern('t*mo')!.test('motor')).toBe(false);
    // Regex characters are literal.
    expect(filterPattern('relay.1')!.test('relay-1')).toBe(false);
    expect(filterPattern('(a')!.test('x(a)')).toBe(true);
  });

  it('matches id, name and user/device', () => {
    expect(outline(treeRows(input(fleet, { filter: 'boiler ROOM' })))).toEqual([
      'site',
      '  site/boiler',
    ]);
    expect(outline(treeRows(input(fleet, { filter: 'lab/' })))).toEqual(['lab', '  lab/relay-1']);
    expect(outline(treeRows(input(fleet, { filter: 'a*m' })))).toEqual(['site', '  site/alarm']);
  });

  it('a device matched by resource names shows only those, expanded, even in a collapsed group', () => {
    const rows = treeRows(
      input(fleet, {
        filter: 'temp*',
        collapsedGroups: { 'u:site': true },
        resources: { 'site/thermo': ready('temperature', 'setpoint', 'temp_max') },
      }),
    );
    expect(outline(rows)).toEqual(['site', '  site/thermo', '    temperature', '    temp_max']);
    expect(rows[1]).toMatchObject({ kind: 'device', expanded: true });
  });

  it('the chips keep online (quiet included) or offline devices only', () => {
    const quiet = testDevice('site/quiet', onlineStatus(NOW, { lastSeen: NOW - 100_000 }));
    const online = outline(treeRows(input([...fleet, quiet], { statusFilter: 'online' })));
    expect(online).toContain('  site/quiet');
    expect(online).not.toContain('  site/boiler');
    expect(outline(treeRows(input(fleet, { statusFilter: 'offline' })))).toEqual([
      'site',
      '  site/boiler',
    ]);
  });

  it('a tag keeps the devices that carry it; the filter text matches tags too', () => {
    const tagged = fleet.map((d) =>
      d.device === 'thermo' || d.device === 'relay-1' ? { ...d, tags: ['boiler room', 'hvac'] } : d,
    );
    expect(outline(treeRows(input(tagged, { tagFilter: 'hvac' })))).toEqual([
      'lab',
      '  lab/relay-1',
      'site',
      '  site/thermo',
    ]);
    expect(
      outline(treeRows(input(tagged, { tagFilter: 'hvac', statusFilter: 'offline' }))),
    ).toEqual([]);
    expect(outline(treeRows(input(tagged, { filter: 'boiler r' })))).toEqual([
      'lab',
      '  lab/relay-1',
      'site',
      '  site/thermo',
      '  site/boiler',
    ]);
  });

  it('nothing matching gives no rows at all (the view says so)', () => {
    expect(treeRows(input(fleet, { filter: 'zzz' }))).toEqual([]);
  });
});
