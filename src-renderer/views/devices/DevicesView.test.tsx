// @vitest-environment jsdom
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrokerStatus, Device } from '@contract/schemas';
import { useActionRegistry } from '../../actions/actionRegistry';
import { useShortcuts } from '../../actions/useShortcuts';
import { useConnection } from '../../api/connection';
import { ApiTransportError } from '../../api/webSocketTransport';
import { useRoute } from '../../navigation/router';
import { useBroker } from '../../state/brokerStatus';
import { resetDevices } from '../../state/devices';
import { openStream, stopStreams } from '../../state/liveStreams';
import { fakeApi, installFakeApi, type FakeApi } from '../../testing/fakeApi';
import { DeviceJumps } from './DeviceJumps';
import { DevicesView } from './DevicesView';
import { offlineStatus, onlineStatus, testDevice } from './testDevices';

// The tabs belong to other views; this file tests the shell around them.
vi.mock('../resources/ResourcesTab', () => ({ ResourcesTab: () => null }));
vi.mock('../charts/ChartsTab', () => ({ ChartsTab: () => <p>charts of the device</p> }));

function Harness() {
  useShortcuts();
  const route = useRoute();
  return (
    <>
      <DeviceJumps />
      <DevicesView route={route} />
    </>
  );
}

const now = Date.now();
const fleet = (): Device[] => [
  testDevice('site/thermo', onlineStatus(now), { name: 'Thermostat' }),
  testDevice('site/boiler', offlineStatus({ lastSeen: now - 5 * 60_000, transport: 'tcp', pv: 1 })),
  testDevice('site/fresh', onlineStatus(now, { transport: 'tcp', pv: 0 }), {
    autoRegistered: true,
  }),
];

const describeAll = {
  temperature: { fn: 3 },
  heating: { fn: 2 },
  identify: { fn: 1 },
};

let fake: FakeApi;

function start(hash: string, devices: Device[] = fleet()): FakeApi {
  window.location.hash = hash;
  fake = installFakeApi(
    fakeApi({
      'devices.list': () => ({ devices }),
      'devices.get': ({ user, device }) => devices.find((d) => d.key === `${user}/${device}`)!,
      // One resource: its output sample (describe-one, IOTMP.md §7.3).
      'resources.describe': ({ resource }) =>
        resource ? { value: { fn: 3, out: 21.5 } } : { value: describeAll },
      'resources.run': () => ({ value: null }),
    }),
  );
  render(<Harness />);
  return fake;
}

const tree = () => screen.getByRole('tree', { name: 'Devices' });
const item = (name: RegExp | string) => screen.getByRole('treeitem', { name });

beforeEach(() => {
  resetDevices();
  localStorage.clear();
  useBroker.setState({ status: null, error: null });
});
afterEach(() => {
  vi.restoreAllMocks();
  stopStreams();
  window.location.hash = '';
});

describe('the device tree', () => {
  it('rows are treeitems named with their status, with level, expanded and selected state', async () => {
    start('#/devices/site/thermo');
    const thermo = await screen.findByRole('treeitem', { name: 'thermo, online, Thermostat' });
    expect(thermo.getAttribute('aria-level')).toBe('2');
    expect(thermo.getAttribute('aria-expanded')).toBe('false');
    expect(thermo.getAttribute('aria-selected')).toBe('true');
    expect(thermo.textContent).toContain('TLS · pv1');
    expect(thermo.textContent).toContain('↓ 12.4 kB ↑ 3.1 kB');

    const group = item('site, 3 devices, 2 online');
    expect(group.getAttribute('aria-level')).toBe('1');
    expect(group.getAttribute('aria-expanded')).toBe('true');

    const boiler = item('boiler, offline');
    expect(boiler.getAttribute('aria-selected')).toBe('false');
    expect(boiler.textContent).toContain('last seen 5 min ago');
    expect(item('fresh, online, new').textContent).toContain('new');

    // Online devices first (by id), offline after.
    const names = screen
      .getAllByRole('treeitem')
      .map((r) => r.getAttribute('aria-label')!.split(',')[0]);
    expect(names).toEqual(['site', 'fresh', 'thermo', 'boiler']);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Devices');
    expect(screen.getByText('3 devices · 2 online')).toBeTruthy();
  });

  it('filters by substring and * wildcard; `/` focuses the filter; nothing matching says so', async () => {
    const user = userEvent.setup();
    start('#/devices');
    await screen.findByRole('treeitem', { name: /^thermo/ });
    await user.keyboard('/');
    const filter = screen.getByRole('searchbox', { name: 'Filter devices' });
    expect(document.activeElement).toBe(filter);

    await user.type(filter, 'BOIL');
    expect(screen.getAllByRole('treeitem').map((r) => r.getAttribute('aria-label'))).toEqual([
      'site, 1 device, 0 online',
      'boiler, offline',
    ]);
    await user.clear(filter);
    await user.type(filter, 'th*mo');
    expect(screen.queryByRole('treeitem', { name: /^boiler/ })).toBeNull();
    expect(item(/^thermo/)).toBeTruthy();

    await user.clear(filter);
    await user.type(filter, 'nothing-like-it');
    expect(screen.getByText('No device matches the filter.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(4);
  });

  it('the chips show online or offline devices only', async () => {
    const user = userEvent.setup();
    start('#/devices');
    await screen.findByRole('treeitem', { name: /^thermo/ });
    const chips = screen.getByRole('group', { name: 'Show devices' });
    await user.click(within(chips).getByRole('button', { name: 'Offline' }));
    expect(
      within(chips).getByRole('button', { name: 'Offline' }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(screen.queryByRole('treeitem', { name: /^thermo/ })).toBeNull();
    expect(item(/^boiler/)).toBeTruthy();
    await user.click(within(chips).getByRole('button', { name: 'Online' }));
    expect(screen.queryByRole('treeitem', { name: /^boiler/ })).toBeNull();
  });

  it('moves with the arrow keys, expands to resources from describe, and Enter opens', async () => {
    const user = userEvent.setup();
    start('#/devices');
    await screen.findByRole('treeitem', { name: /^thermo/ });
    act(() => tree().focus());
    const active = () =>
      document
        .getElementById(tree().getAttribute('aria-activedescendant')!)
        ?.getAttribute('aria-label');
    expect(active()).toBe('site, 3 devices, 2 online');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(active()).toBe('thermo, online, Thermostat');
    await user.keyboard('{ArrowRight}');
    expect(await screen.findByRole('treeitem', { name: /^temperature, Out/ })).toBeTruthy();
    expect(item('heating, In').getAttribute('aria-level')).toBe('3');
    expect(item('identify, Run')).toBeTruthy();
    expect(item(/^thermo/).getAttribute('aria-expanded')).toBe('true');
    // The output's latest value shows inline, read once (describe-one), with no stream opened.
    expect(
      await screen.findByRole('treeitem', { name: 'temperature, Out, value 21.5' }),
    ).toBeTruthy();
    expect(fake.calls.filter((c) => c.name === 'resources.describe').map((c) => c.input)).toEqual([
      { user: 'site', device: 'thermo' },
      { user: 'site', device: 'thermo', resource: 'temperature' },
    ]);
    expect(fake.subscriptions('streams.samples')).toEqual([]);

    await user.keyboard('{ArrowRight}');
    expect(active()).toBe('heating, In');
    await user.keyboard('{ArrowLeft}');
    expect(active()).toBe('thermo, online, Thermostat');
    await user.keyboard('{ArrowLeft}');
    expect(screen.queryByRole('treeitem', { name: 'heating, In' })).toBeNull();
    await user.keyboard('{Enter}');
    expect(window.location.hash).toBe('#/devices/site/thermo');
    await waitFor(() => expect(item(/^thermo/).getAttribute('aria-selected')).toBe('true'));

    await user.keyboard('{End}');
    expect(active()).toBe('boiler, offline');
    await user.keyboard('{Home}');
    expect(active()).toBe('site, 3 devices, 2 online');
    await user.keyboard('{Enter}');
    expect(screen.getAllByRole('treeitem')).toHaveLength(1);
  });

  it('the menu key opens the context menu; its actions go to the inspector and admin', async () => {
    const user = userEvent.setup();
    start('#/devices');
    await screen.findByRole('treeitem', { name: /^thermo/ });
    act(() => tree().focus());
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowRight}');
    await screen.findByRole('treeitem', { name: 'identify, Run' });
    await user.keyboard('{ContextMenu}');
    const menu = screen.getByRole('menu', { name: 'Actions for thermo' });
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((m) => m.textContent),
    ).toEqual(['Open', 'Copy id', 'Identify', 'Show frames', 'Reset credential…', 'Delete…']);
    expect(document.activeElement?.textContent).toBe('Open');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{Enter}');
    expect(window.location.hash).toBe('#/inspector?device=site/thermo');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(tree());

    await user.keyboard('{Shift>}{F10}{/Shift}');
    await user.click(screen.getByRole('menuitem', { name: 'Delete…' }));
    expect(window.location.hash).toBe('#/admin?device=site/thermo&action=delete');

    await user.keyboard('{ContextMenu}');
    await user.click(screen.getByRole('menuitem', { name: 'Identify' }));
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'resources.run')).toBe(true));
    expect(fake.calls.find((c) => c.name === 'resources.run')?.input).toEqual({
      user: 'site',
      device: 'thermo',
      resource: 'identify',
    });
    expect(await screen.findByText('Identify sent; the device answered.')).toBeTruthy();

    await user.keyboard('{ContextMenu}');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(tree());
  });

  it('beyond 200 rows only the rows on screen are rendered', async () => {
    const many = Array.from({ length: 260 }, (_, i) =>
      testDevice(`site/dev-${String(i).padStart(3, '0')}`, onlineStatus(now)),
    );
    // jsdom has no layout: the tree pane is 640 px high.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(640);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(340);
    start('#/devices', many);
    await screen.findByRole('tree', { name: 'Devices' });
    await waitFor(() => expect(screen.getByText('260 devices · 260 online')).toBeTruthy());
    const shown = screen.queryAllByRole('treeitem');
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(60);
    expect(shown[1]!.getAttribute('aria-posinset')).toBe('1');
    expect(shown[1]!.getAttribute('aria-setsize')).toBe('260');
  });
});

describe('loading, error and empty states', () => {
  it('an error says so in words with Retry, which reads the list again', async () => {
    const user = userEvent.setup();
    let fail = true;
    window.location.hash = '#/devices';
    const f = installFakeApi(
      fakeApi({
        'devices.list': () => {
          if (fail) throw new ApiTransportError('INTERNAL', 'database is locked');
          return { devices: fleet() };
        },
      }),
    );
    render(<Harness />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not read the device list.');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('treeitem', { name: /^thermo/ })).toBeTruthy();
    expect(f.calls.filter((c) => c.name === 'devices.list')).toHaveLength(2);
  });

  it('skeleton rows show only after 150 ms of loading', async () => {
    window.location.hash = '#/devices';
    installFakeApi(fakeApi({ 'devices.list': () => new Promise(() => {}) }));
    render(<Harness />);
    expect(screen.queryByLabelText('Loading…')).toBeNull();
    expect(await screen.findByLabelText('Loading…', undefined, { timeout: 1_000 })).toBeTruthy();
  });

  it('before any device connected: the ports to use, Add a device and the simulate line', async () => {
    const status: BrokerStatus = {
      listeners: [
        { name: 'tls', transport: 'tls', host: '0.0.0.0', port: 25206 },
        { name: 'tcp', transport: 'tcp', host: '0.0.0.0', port: 25204 },
        { name: 'tcpLegacy', transport: 'tcp', host: '0.0.0.0', port: 25200 },
      ],
      failures: [],
      tls: { selfSigned: true, fingerprint: 'AA' },
      counts: { registered: 1, online: 0, connections: 0 },
      acceptNewDevices: false,
    };
    start('#/devices', [testDevice('site/thermo')]);
    act(() => {
      useBroker.setState({ status });
      useConnection.setState({ host: '192.168.1.10' });
    });
    const empty = await screen.findByRole('region', { name: 'No device has connected yet.' });
    const ports = within(empty)
      .getAllByRole('definition')
      .map((d) => d.textContent);
    expect(ports).toEqual(['192.168.1.10:25204', '192.168.1.10:25206', '192.168.1.10:25200']);
    expect(within(empty).getByText('TCP, older Arduino boards')).toBeTruthy();
    expect(within(empty).getByRole('link', { name: 'Add a device' }).getAttribute('href')).toBe(
      '#/admin',
    );
    expect(
      within(empty).getByLabelText(
        'Or try three simulated devices (run it in the IoTMP Studio folder):',
      ).textContent,
    ).toBe('npx iotmp simulate --devices 3 --host 192.168.1.10');
    expect(within(empty).getByRole('button', { name: 'Copy command' })).toBeTruthy();
    expect(within(empty).getByText(/turn on Accept new devices/)).toBeTruthy();
    // The registered device is still listed, as never connected.
    expect(item('thermo, offline').textContent).toContain('not connected since start');
  });
});

describe('the device page', () => {
  it('has a header with presence, connection facts and actions, and tabs as routes', async () => {
    const user = userEvent.setup();
    start('#/devices/site/thermo');
    const page = await screen.findByRole('article');
    expect(within(page).getByRole('heading', { level: 2 }).textContent).toContain('thermo');
    expect(within(page).getByText('Online for 1 min')).toBeTruthy();
    const facts = within(page).getByLabelText('Connection');
    expect(facts.textContent).toContain('TLS');
    expect(facts.textContent).toContain('pv1');
    expect(facts.textContent).toContain('192.168.1.23:50112');
    expect(facts.textContent).toContain('14 ms');
    expect(facts.textContent).toContain('40 / 38');
    expect(facts.textContent).toContain('12.4 kB / 3.1 kB');

    const toolbar = within(page).getByRole('toolbar', { name: 'Device actions' });
    expect(await within(toolbar).findByRole('button', { name: 'Identify' })).toBeTruthy();

    // Stop streams stops this device's streams only and says how many.
    const target = { user: 'site', device: 'thermo', resource: 'temperature', intervalMs: 1_000 };
    act(() => {
      openStream(target, 'chart', () => {});
      openStream({ ...target, device: 'boiler' }, 'chart', () => {});
    });
    await user.click(within(toolbar).getByRole('button', { name: /^Stop streams/ }));
    expect(within(page).getByRole('status').textContent).toBe('Stopped 1 stream.');
    await user.click(within(toolbar).getByRole('button', { name: /^Stop streams/ }));
    expect(within(page).getByRole('status').textContent).toBe('No stream of this device was open.');

    await user.click(within(toolbar).getByRole('button', { name: 'Refresh resources' }));
    await waitFor(() =>
      expect(
        fake.calls.some((c) => c.name === 'resources.describe' && 'refresh' in (c.input as object)),
      ).toBe(true),
    );
    expect(await within(page).findByText('Resources read again: 3 resources.')).toBeTruthy();

    const tabs = within(page).getByRole('tablist', { name: 'Device sections' });
    expect(within(tabs).getByRole('tab', { name: 'Resources' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await user.click(within(tabs).getByRole('tab', { name: 'Charts' }));
    expect(window.location.hash).toBe('#/devices/site/thermo/charts');
    expect(await within(page).findByRole('tabpanel')).toBeTruthy();
    expect(within(page).getByText('charts of the device')).toBeTruthy();

    // The page's actions are in the palette too.
    const labels = [...useActionRegistry.getState().actions.values()].map((a) => a.label);
    expect(labels).toContain('Stop streams of thermo');
    expect(labels).toContain('Refresh resources of thermo');
  });

  it('a quiet device (no frame for 70 s) says so in the tree and the header', async () => {
    start('#/devices/site/thermo', [
      testDevice('site/thermo', onlineStatus(now, { lastSeen: now - 100_000 })),
    ]);
    const row = await screen.findByRole('treeitem', { name: 'thermo, quiet' });
    expect(row.textContent).toContain('quiet, last frame 1 min ago');
    expect(screen.getByText(/Quiet: no frame for 1 min/)).toBeTruthy();
  });

  it('a newer connection replacing the open one is pointed out', async () => {
    start('#/devices/site/thermo');
    await screen.findByRole('article');
    act(() =>
      fake.emit('devices.presence', {
        user: 'site',
        device: 'thermo',
        status: onlineStatus(now, { connectedSince: now, remoteAddress: '192.168.1.50:4242' }),
      }),
    );
    expect(screen.getByText('Replaced by a new connection from 192.168.1.50:4242')).toBeTruthy();
  });

  it('actions that need the device wait while the link to main is lost', async () => {
    start('#/devices/site/thermo');
    const refresh = await screen.findByRole('button', { name: 'Refresh resources' });
    expect((refresh as HTMLButtonElement).disabled).toBe(false);
    act(() => useConnection.setState({ link: 'lost' }));
    expect((refresh as HTMLButtonElement).disabled).toBe(true);
    act(() => useConnection.setState({ link: 'online' }));
  });

  it('while contact is lost, the tree and the header show the last known state as unknown', async () => {
    start('#/devices/site/thermo');
    await screen.findByRole('article');
    expect(item(/thermo, online/)).toBeTruthy();
    act(() => useConnection.setState({ link: 'lost' }));
    const row = item(/thermo, unknown \(no contact\)/);
    expect(row.textContent).toContain('no contact · last known online');
    expect(
      screen.getByText(/^Status unknown: no contact with IoTMP Studio \(last known: online\)$/),
    ).toBeTruthy();
    expect(screen.queryByText(/Online for/)).toBeNull();
    act(() => useConnection.setState({ link: 'online' }));
    expect(item(/thermo, online/)).toBeTruthy();
  });

  it('an offline device says when it was last seen; Refresh and Identify wait', async () => {
    start('#/devices/site/boiler');
    const page = await screen.findByRole('article');
    expect(
      within(page).getByText(/^Offline: last seen \d\d:\d\d:\d\d \(5 min ago\)$/),
    ).toBeTruthy();
    expect(
      (within(page).getByRole('button', { name: 'Refresh resources' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
  });

  it('an unknown device route says so, with a link back', async () => {
    start('#/devices/site/ghost');
    const region = await screen.findByRole('region', {
      name: 'No device site/ghost is known to this broker.',
    });
    expect(within(region).getByRole('link', { name: 'Back to Devices' }).getAttribute('href')).toBe(
      '#/devices',
    );
  });

  it('opening an automatically accepted device removes its new badge', async () => {
    start('#/devices/site/fresh');
    await screen.findByRole('article');
    await waitFor(() => expect(item('fresh, online').textContent).not.toContain('new'));
  });
});

describe('palette jumps', () => {
  it('every device can be opened from the command palette by id or name', async () => {
    window.location.hash = '#/boards';
    installFakeApi(fakeApi({ 'devices.list': () => ({ devices: fleet() }) }));
    render(<DeviceJumps />);
    await waitFor(() =>
      expect(useActionRegistry.getState().actions.get('device.jump:site/thermo')?.label).toBe(
        'Open site/thermo · Thermostat',
      ),
    );
    act(() => useActionRegistry.getState().actions.get('device.jump:site/boiler')!.perform());
    expect(window.location.hash).toBe('#/devices/site/boiler');
  });
});
