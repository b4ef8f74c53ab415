// @vitest-environment jsdom
/**
 * The device tree at site scale (issue 16): grouped by tag with counts, collapsible; ticked for
 * a bulk action with the mouse (box, Shift range) and the keyboard (Space, Shift+Space, Ctrl+A,
 * Esc); the "N selected" bar's tag, refresh and remove actions against the contract's calls.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Device } from '@contract/schemas';
import { useRoute } from '../../navigation/router';
import { resetDevices, useDevices } from '../../state/devices';
import { fakeApi, installFakeApi, type FakeApi } from '../../testing/fakeApi';
import { DevicesView } from './DevicesView';
import { offlineStatus, onlineStatus, testDevice } from './testDevices';

vi.mock('../resources/ResourcesTab', () => ({ ResourcesTab: () => null }));
vi.mock('../charts/ChartsTab', () => ({ ChartsTab: () => null }));

const now = Date.now();
const site = (): Device[] => [
  testDevice('site/pump-10', onlineStatus(now), { tags: ['room-2'] }),
  testDevice('site/pump-2', offlineStatus({ lastSeen: now - 60_000 }), { tags: ['room-2'] }),
  testDevice('site/pump-1', onlineStatus(now), { tags: ['room-10', 'room-2'] }),
  testDevice('lab/relay', onlineStatus(now)),
];

let fake: FakeApi;
let devices: Device[];

function Harness() {
  return <DevicesView route={useRoute()} />;
}

function start(list: Device[] = site()): FakeApi {
  devices = list;
  window.location.hash = '#/devices';
  fake = installFakeApi(
    fakeApi({
      'devices.list': () => ({ devices }),
      'resources.describe': () => ({ value: { temperature: { fn: 3 } } }),
      'devices.update': ({ user, device, tags }) => {
        const i = devices.findIndex((d) => d.key === `${user}/${device}`);
        if (device === 'pump-2' && tags?.includes('broken')) throw new Error('disk full');
        devices[i] = { ...devices[i]!, ...(tags ? { tags } : {}) };
        return devices[i];
      },
      'devices.remove': ({ user, device }) => {
        devices = devices.filter((d) => d.key !== `${user}/${device}`);
        return { removed: true };
      },
    }),
  );
  render(<Harness />);
  return fake;
}

const tree = () => screen.getByRole('tree', { name: 'Devices' });
const rows = () => within(tree()).getAllByRole('treeitem');
const names = () => rows().map((r) => r.getAttribute('aria-label')!.split(',')[0]);
const ticked = () =>
  rows()
    .filter((r) => r.getAttribute('aria-checked') === 'true')
    .map((r) => r.getAttribute('aria-label')!.split(',')[0]);
/** The box of a device's (first) row. */
const box = (name: string) =>
  within(screen.getAllByRole('treeitem', { name: new RegExp(`^${name},`) })[0]!).getByRole(
    'checkbox',
    { hidden: true },
  );
const bar = () => screen.getByRole('toolbar', { name: 'Selected devices' });

async function groupByTag(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole('treeitem', { name: /^pump-1,/ });
  await user.selectOptions(screen.getByRole('combobox', { name: 'Group devices' }), 'tag');
}

beforeEach(() => {
  resetDevices();
  localStorage.clear();
});
afterEach(() => {
  vi.restoreAllMocks();
  window.location.hash = '';
});

describe('the tree grouped by tag', () => {
  it('shows each tag with its device and online counts, naturally sorted, untagged last', async () => {
    const user = userEvent.setup();
    start();
    await groupByTag(user);
    expect(names()).toEqual([
      'room-2',
      'pump-1',
      'pump-10',
      'pump-2',
      'room-10',
      'pump-1',
      'Untagged',
      'relay',
    ]);
    expect(screen.getByRole('treeitem', { name: 'room-2, 3 devices, 2 online' })).toBeTruthy();
    expect(screen.getByRole('treeitem', { name: 'Untagged, 1 device, 1 online' })).toBeTruthy();
    // The choice is kept across reloads.
    expect(useDevices.getState().groupBy).toBe('tag');
  });

  it('a tag group collapses and expands from its header', async () => {
    const user = userEvent.setup();
    start();
    await groupByTag(user);
    const room2 = screen.getByRole('treeitem', { name: /^room-2,/ });
    await user.click(room2);
    expect(room2.getAttribute('aria-expanded')).toBe('false');
    expect(names()).toEqual(['room-2', 'room-10', 'pump-1', 'Untagged', 'relay']);
    await user.click(room2);
    expect(names()).toHaveLength(8);
  });
});

describe('the selection', () => {
  it('a box ticks a device without opening it; Shift+click ticks the range', async () => {
    const user = userEvent.setup();
    start();
    await groupByTag(user);
    await user.click(box('pump-1'));
    expect(window.location.hash).toBe('#/devices');
    // A device under two tags is one pick: both its rows are ticked.
    expect(ticked()).toEqual(['pump-1', 'room-10', 'pump-1']);
    expect(within(bar()).getByText('1 selected')).toBeTruthy();
    await user.keyboard('{Shift>}');
    await user.click(box('pump-2'));
    await user.keyboard('{/Shift}');
    expect(ticked()).toEqual(['room-2', 'pump-1', 'pump-10', 'pump-2', 'room-10', 'pump-1']);
    expect(within(bar()).getByText('3 selected')).toBeTruthy();
    // The group's box reflects its devices: all ticked, some (mixed), none.
    expect(screen.getByRole('treeitem', { name: /^room-2,/ }).getAttribute('aria-checked')).toBe(
      'true',
    );
    await user.click(box('pump-10'));
    expect(screen.getByRole('treeitem', { name: /^room-2,/ }).getAttribute('aria-checked')).toBe(
      'mixed',
    );
  });

  it('works from the keyboard: Space, Shift+Space, Ctrl+A, Escape', async () => {
    const user = userEvent.setup();
    start();
    await screen.findByRole('treeitem', { name: /^pump-1,/ });
    tree().focus();
    // Rows (by user): lab, relay, site, pump-1, pump-10, pump-2.
    await user.keyboard('{ArrowDown}{ }');
    // A group whose devices are all ticked is ticked too.
    expect(ticked()).toEqual(['lab', 'relay']);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{Shift>}{ }{/Shift}');
    expect(ticked()).toEqual(['lab', 'relay', 'pump-1', 'pump-10']);
    await user.keyboard('{Escape}');
    expect(ticked()).toEqual([]);
    expect(screen.queryByRole('toolbar', { name: 'Selected devices' })).toBeNull();
    await user.keyboard('{Control>}a{/Control}');
    expect(within(bar()).getByText('4 selected')).toBeTruthy();
    // Space on a group header ticks or unticks all of its devices.
    await user.keyboard('{Home}{ }');
    expect(ticked()).toEqual(['site', 'pump-1', 'pump-10', 'pump-2']);
  });

  it('says how many ticked devices the filters hide, and a removed device leaves the selection', async () => {
    const user = userEvent.setup();
    start();
    await screen.findByRole('treeitem', { name: /^pump-1,/ });
    tree().focus();
    await user.keyboard('{Control>}a{/Control}');
    await user.click(screen.getByRole('button', { name: 'Offline' }));
    expect(within(bar()).getByText(/3 not shown by the filters/)).toBeTruthy();
    devices = devices.filter((d) => d.device !== 'relay');
    await act(async () => {
      const { refreshDevices } = await import('../../state/devices');
      await refreshDevices(false);
    });
    expect(within(bar()).getByText('3 selected')).toBeTruthy();
  });
});

describe('bulk actions', () => {
  it('adds a tag to every ticked device and removes one from those carrying it', async () => {
    const user = userEvent.setup();
    start();
    await screen.findByRole('treeitem', { name: /^pump-1,/ });
    await user.click(box('pump-1'));
    await user.click(box('pump-10'));
    await user.click(box('relay'));
    await user.click(within(bar()).getByRole('button', { name: 'Tag…' }));
    // The selection's tags, each with how many ticked devices carry it.
    expect(
      within(bar()).getByRole('button', { name: 'Remove room-2 from 2 devices' }),
    ).toBeTruthy();
    await user.type(within(bar()).getByRole('combobox', { name: 'Tag' }), 'boiler room');
    await user.click(within(bar()).getByRole('button', { name: 'Add to 3 devices' }));
    await screen.findByText('Tag boiler room added to 3 devices.');
    const updates = fake.calls.filter((c) => c.name === 'devices.update').map((c) => c.input);
    expect(updates).toEqual(
      expect.arrayContaining([
        { user: 'site', device: 'pump-1', tags: ['room-10', 'room-2', 'boiler room'] },
        { user: 'site', device: 'pump-10', tags: ['room-2', 'boiler room'] },
        { user: 'lab', device: 'relay', tags: ['boiler room'] },
      ]),
    );
    await user.click(within(bar()).getByRole('button', { name: 'Tag…' }));
    await user.click(within(bar()).getByRole('button', { name: 'Remove room-2 from 2 devices' }));
    await screen.findByText('Tag room-2 removed from 2 devices.');
    expect(devices.find((d) => d.device === 'pump-1')!.tags).toEqual(['room-10', 'boiler room']);
    // Grouped by tag, the tree shows the new groups at once.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Group devices' }), 'tag');
    expect(screen.getByRole('treeitem', { name: 'boiler room, 3 devices, 3 online' })).toBeTruthy();
  });

  it('a failure names the device and why; the others are still tagged', async () => {
    const user = userEvent.setup();
    start();
    await screen.findByRole('treeitem', { name: /^pump-1,/ });
    await user.click(box('pump-1'));
    await user.click(box('pump-2'));
    await user.click(within(bar()).getByRole('button', { name: 'Tag…' }));
    await user.type(within(bar()).getByRole('combobox', { name: 'Tag' }), 'broken{Enter}');
    await screen.findByText(
      /Tag broken added to 1 device\. Tagging failed for site\/pump-2: .*disk full/,
    );
    expect(devices.find((d) => d.device === 'pump-1')!.tags).toContain('broken');
  });

  it('refreshes the resource lists of the online ones, and counts the offline ones', async () => {
    const user = userEvent.setup();
    start();
    await screen.findByRole('treeitem', { name: /^pump-1,/ });
    tree().focus();
    await user.keyboard('{Control>}a{/Control}');
    await user.click(within(bar()).getByRole('button', { name: 'Refresh resources' }));
    await screen.findByText('Resource lists read again from 3 devices; 1 offline skipped.');
    const described = fake.calls.filter((c) => c.name === 'resources.describe');
    expect(described.map((c) => (c.input as { device: string }).device).sort()).toEqual([
      'pump-1',
      'pump-10',
      'relay',
    ]);
  });

  it('removes the ticked devices after a confirmation naming how many', async () => {
    const user = userEvent.setup();
    start();
    await screen.findByRole('treeitem', { name: /^pump-1,/ });
    await user.click(box('pump-2'));
    await user.click(box('relay'));
    expect(
      within(bar()).getByRole('link', { name: 'Inspect frames' }).getAttribute('href'),
    ).toMatch(/^#\/inspector/);
    await user.click(within(bar()).getByRole('button', { name: 'Delete…' }));
    const dialog = await screen.findByRole('dialog', { name: /2 devices/ });
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await user.type(within(dialog).getByRole('textbox'), '2');
    await user.click(confirm);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(names()).toEqual(['site', 'pump-1', 'pump-10']));
    expect(fake.calls.filter((c) => c.name === 'devices.remove').map((c) => c.input)).toEqual([
      { user: 'lab', device: 'relay' },
      { user: 'site', device: 'pump-2' },
    ]);
    expect(screen.queryByRole('toolbar', { name: 'Selected devices' })).toBeNull();
  });

  it('stays usable with 205 devices: Ctrl+A ticks them all', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 205 }, (_, i) =>
      testDevice(`site/field-${i + 1}`, onlineStatus(now), { tags: [`room-${(i % 5) + 1}`] }),
    );
    // jsdom has no layout: the tree pane is 640 px high (rows beyond 200 are virtualised).
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(640);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(340);
    start(many);
    await screen.findByRole('treeitem', { name: /^site,/ });
    tree().focus();
    await user.keyboard('{Control>}a{/Control}');
    expect(within(bar()).getByText('205 selected')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Group devices' }), 'tag');
    expect(screen.getByRole('treeitem', { name: 'room-1, 41 devices, 41 online' })).toBeTruthy();
  });
});
