// @vitest-environment jsdom
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '@contract/errors';
import type { BrokerStatus, Device, Settings } from '@contract/schemas';
import { parseHash } from '../../navigation/router';
import { useAdmin } from '../../state/admin';
import { useBroker } from '../../state/brokerStatus';
import { useSettings } from '../../state/settings';
import { fakeApi, installFakeApi, type FakeApi } from '../../testing/fakeApi';
import { offlineStatus, onlineStatus, testDevice } from '../devices/testDevices';
import { AdminView } from './AdminView';
import { CREDENTIAL_ALPHABET } from './credential';

const NOW = Date.now();

const TWENTY_DAYS_AGO = NOW - 20 * 86_400_000;
const device = (id: string, patch: Partial<Device> = {}, online = false): Device =>
  testDevice(
    `site/${id}`,
    online ? onlineStatus(NOW) : offlineStatus({ lastSeen: NOW - 300_000 }),
    { createdAt: TWENTY_DAYS_AGO, credentialUpdatedAt: TWENTY_DAYS_AGO, ...patch },
  );

const status: BrokerStatus = {
  listeners: [
    { name: 'tcp', transport: 'tcp', host: '0.0.0.0', port: 25204 },
    { name: 'tls', transport: 'tls', host: '0.0.0.0', port: 25206 },
  ],
  failures: [],
  tls: { selfSigned: true, fingerprint: 'AA:BB' },
  counts: { registered: 2, online: 1, connections: 1 },
  acceptNewDevices: false,
  lanAddresses: ['192.168.1.20'],
};

const settings: Settings = { acceptNewDevices: false, acceptNewDevicesUntil: null, endpoints: {} };

let fake: FakeApi;
let list: Device[];

function setup(query = '') {
  list = [
    device('dev-7', { name: 'Pump 7', credentialUpdatedAt: NOW - 2 * 86_400_000 }, true),
    device('thermo'),
  ];
  fake = installFakeApi(
    fakeApi({
      'devices.list': () => ({ devices: list }),
      'devices.rejected': () => ({ rejected: [] }),
      'settings.get': () => settings,
      'broker.status': () => status,
    }),
  );
  useBroker.setState({ status, error: null });
  const user = userEvent.setup();
  render(<AdminView route={parseHash(`#/admin${query}`)} />);
  return user;
}

beforeEach(() => {
  localStorage.clear();
  useAdmin.setState({
    devices: null,
    loadError: null,
    reveal: null,
    rejected: null,
    draft: { user: '', device: '', name: '', credentialMode: 'generate' },
    defaultUser: '',
  });
  useSettings.setState({ settings: null, acceptError: null, autoOffMs: 3_600_000 });
});

const addDialog = () => screen.getByRole('dialog', { name: 'Add a device' });
const once = () => screen.getByTestId('credential-once');

describe('the admin table', () => {
  it('lists id, name, user, status, created, last seen and the credential age', async () => {
    setup();
    const row = (await screen.findByRole('rowheader', { name: 'dev-7' })).closest('tr')!;
    const cells = within(row);
    expect(cells.getByText('Pump 7')).toBeTruthy();
    expect(cells.getByText('online')).toBeTruthy();
    expect(cells.getByText('now')).toBeTruthy();
    expect(cells.getByText('reset 2 days ago')).toBeTruthy();
    const other = screen.getByRole('rowheader', { name: 'thermo' }).closest('tr')!;
    // The day in the test runner's locale (Intl): "14 Nov" or "Nov 14".
    expect(within(other).getByText(/^set (\d+ [A-Z][a-z]{2}|[A-Z][a-z]{2} \d+)/)).toBeTruthy();
    expect(within(other).getByText('5 min ago')).toBeTruthy();
    expect(screen.getByText('2 registered · 1 online')).toBeTruthy();
  });

  it('preselects the device of #/admin?device=user/device', async () => {
    setup('?device=site/thermo');
    const row = (await screen.findByRole('rowheader', { name: 'thermo' })).closest('tr')!;
    expect(row.getAttribute('aria-current')).toBe('true');
  });

  it('opens the reset dialog from #/admin?device=…&action=reset', async () => {
    setup('?device=site/thermo&action=reset');
    expect(
      await screen.findByRole('dialog', { name: 'Reset the credential of site/thermo?' }),
    ).toBeTruthy();
  });

  it('says what to do when no device is registered', async () => {
    fake = installFakeApi(
      fakeApi({
        'devices.list': () => ({ devices: [] }),
        'devices.rejected': () => ({ rejected: [] }),
        'settings.get': () => settings,
      }),
    );
    render(<AdminView route={parseHash('#/admin')} />);
    expect(await screen.findByRole('heading', { name: 'No devices registered.' })).toBeTruthy();
    expect(
      screen.getByText('Add one, or turn on Accept new devices and power your devices up.'),
    ).toBeTruthy();
  });
});

describe('adding a device', () => {
  it('validates the id as typed: the contract Id, and unique for its user', async () => {
    const user = setup();
    await screen.findByRole('rowheader', { name: 'dev-7' });
    await user.click(screen.getAllByRole('button', { name: 'Add device' })[0]!);
    const dialog = addDialog();
    await user.type(within(dialog).getByLabelText('User'), 'site');
    const id = within(dialog).getByLabelText('Device id');
    await user.type(id, 'dev 7');
    expect(id.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText(/Device id: 1–128 letters, digits/)).toBeTruthy();
    await user.clear(id);
    await user.type(id, 'dev-7');
    expect(within(dialog).getByText('dev-7 already exists for user site.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Add device' }));
    expect(fake.calls.some((c) => c.name === 'devices.add')).toBe(false);
    await user.clear(id);
    await user.type(id, 'dev-8');
    expect(id.getAttribute('aria-invalid')).toBeNull();
  });

  it('a required field complains once submitted; a conflict from the server stays at the field', async () => {
    const user = setup();
    await screen.findByRole('rowheader', { name: 'dev-7' });
    fake.handle('devices.add', () => {
      throw new ApiError('CONFLICT', 'device site/pump already exists');
    });
    await user.click(screen.getAllByRole('button', { name: 'Add device' })[0]!);
    const dialog = addDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Add device' }));
    expect(within(dialog).getByText('User is required.')).toBeTruthy();
    expect(within(dialog).getByText('Device id is required.')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('User'), 'site');
    await user.type(within(dialog).getByLabelText('Device id'), 'pump');
    await user.click(within(dialog).getByRole('button', { name: 'Add device' }));
    expect(await within(dialog).findByText('pump already exists for user site.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Device id').getAttribute('aria-invalid')).toBe('true');
  });

  it('sends a generated credential (20 characters, no look-alikes) and shows it once, with details and QR code; closing before copying asks first', async () => {
    const user = setup();
    await screen.findByRole('rowheader', { name: 'dev-7' });
    fake.handle('devices.add', (input) => ({
      device: device(input.device, { name: input.name ?? '' }),
      credential: input.credential!,
    }));
    const opener = screen.getAllByRole('button', { name: 'Add device' })[0]!;
    await user.click(opener);
    const dialog = addDialog();
    await user.type(within(dialog).getByLabelText('User'), 'site');
    await user.type(within(dialog).getByLabelText('Device id'), 'dev-9');
    await user.type(within(dialog).getByLabelText('Name'), 'Boiler');
    await user.click(within(dialog).getByRole('button', { name: 'Add device' }));

    const sent = fake.calls.find((c) => c.name === 'devices.add')!.input as {
      credential: string;
      name: string;
    };
    expect(sent.name).toBe('Boiler');
    expect(sent.credential).toHaveLength(20);
    expect([...sent.credential].every((c) => CREDENTIAL_ALPHABET.includes(c))).toBe(true);
    expect(sent.credential).not.toMatch(/[0O1lIio]/);

    const shown = await screen.findByTestId('credential-once');
    expect(shown.getAttribute('role')).toBe('dialog');
    expect(shown.getAttribute('aria-modal')).toBe('true');
    expect(screen.getByRole('dialog', { name: 'Credential for site/dev-9' })).toBe(shown);
    expect(within(shown).getByLabelText('Credential').textContent).toBe(sent.credential);
    expect(
      within(shown).getByText('This credential cannot be shown again; it can only be reset.'),
    ).toBeTruthy();
    expect(
      within(shown).getByRole('img', { name: 'QR code of the connection details' }),
    ).toBeTruthy();
    expect(shown.textContent).toContain('IoTMP broker: test or 192.168.1.20');
    expect(shown.textContent).toContain('TCP: 25204');
    expect(shown.textContent).toContain('TLS: 25206');
    expect(screen.getByRole('rowheader', { name: 'dev-9' })).toBeTruthy();

    // Done before copying asks; "Keep it open" keeps it.
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(within(shown).getByRole('alert').textContent).toContain('You have not copied');
    expect(document.activeElement).toBe(
      within(shown).getByRole('button', { name: 'Keep it open' }),
    );
    await user.click(within(shown).getByRole('button', { name: 'Keep it open' }));
    await user.keyboard('{Escape}');
    expect(within(once()).getByRole('button', { name: 'Close without copying' })).toBeTruthy();
    await user.click(within(once()).getByRole('button', { name: 'Keep it open' }));

    await user.click(within(once()).getByRole('button', { name: 'Copy credential' }));
    expect(await navigator.clipboard.readText()).toBe(sent.credential);
    await user.click(within(once()).getByRole('button', { name: 'Copy connection details' }));
    expect(await navigator.clipboard.readText()).toContain(`credential: ${sent.credential}`);
    await user.click(within(once()).getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('credential-once')).toBeNull();
    expect(document.activeElement).toBe(opener);
    // The credential never reaches local storage.
    expect(JSON.stringify({ ...localStorage })).not.toContain(sent.credential);
  });

  it('a typed credential is sent as typed', async () => {
    const user = setup();
    await screen.findByRole('rowheader', { name: 'dev-7' });
    fake.handle('devices.add', (input) => ({
      device: device(input.device),
      credential: input.credential!,
    }));
    await user.click(screen.getAllByRole('button', { name: 'Add device' })[0]!);
    const dialog = addDialog();
    await user.type(within(dialog).getByLabelText('User'), 'site');
    await user.type(within(dialog).getByLabelText('Device id'), 'old-board');
    await user.click(within(dialog).getByLabelText('Type my own'));
    await user.type(within(dialog).getByLabelText('Credential to use'), 'from-the-firmware');
    await user.click(within(dialog).getByRole('button', { name: 'Add device' }));
    await screen.findByTestId('credential-once');
    expect(fake.calls.find((c) => c.name === 'devices.add')!.input).toMatchObject({
      credential: 'from-the-firmware',
    });
  });

  it('keeps focus inside the dialog and gives it back on Cancel', async () => {
    const user = setup();
    await screen.findByRole('rowheader', { name: 'dev-7' });
    const opener = screen.getAllByRole('button', { name: 'Add device' })[0]!;
    await user.click(opener);
    const dialog = addDialog();
    expect(dialog.contains(document.activeElement)).toBe(true);
    for (let i = 0; i < 12; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe('reset and delete', () => {
  it('reset names the device and the effect, then shows the new credential once', async () => {
    const user = setup();
    fake.handle('devices.resetCredential', (input) => ({ credential: input.credential! }));
    await user.click(await screen.findByRole('button', { name: 'Reset credential of site/dev-7' }));
    const dialog = screen.getByRole('dialog', { name: 'Reset the credential of site/dev-7?' });
    expect(dialog.textContent).toContain(
      'site/dev-7 is disconnected and cannot reconnect until its firmware has the new credential.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Reset credential' }));
    const shown = await screen.findByRole('dialog', { name: 'New credential for site/dev-7' });
    const sent = fake.calls.find((c) => c.name === 'devices.resetCredential')!.input as {
      credential: string;
    };
    expect(within(shown).getByLabelText('Credential').textContent).toBe(sent.credential);
  });

  it('a failed reset says why and leaves the row as it was', async () => {
    const user = setup();
    fake.handle('devices.resetCredential', () => {
      throw new ApiError('UNAVAILABLE' as never, 'lost contact');
    });
    await user.click(await screen.findByRole('button', { name: 'Reset credential of site/dev-7' }));
    const dialog = screen.getByRole('dialog', { name: 'Reset the credential of site/dev-7?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reset credential' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Could not reset the credential of site/dev-7; it keeps its old one.',
    );
    expect(screen.queryByTestId('credential-once')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    const row = screen.getByRole('rowheader', { name: 'dev-7' }).closest('tr')!;
    expect(within(row).getByText('reset 2 days ago')).toBeTruthy();
  });

  it('delete says an online device is disconnected; a failure keeps the row and says why', async () => {
    const user = setup();
    fake.handle('devices.remove', () => {
      throw new ApiError('INTERNAL', 'database is locked');
    });
    await user.click(await screen.findByRole('button', { name: 'Delete site/dev-7' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete site/dev-7?' });
    expect(dialog.textContent).toContain('Online now, so disconnected at once: site/dev-7.');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Could not delete site/dev-7; the row stays as it was.',
    );
    await user.keyboard('{Escape}');
    expect(screen.getByRole('rowheader', { name: 'dev-7' })).toBeTruthy();

    fake.handle('devices.remove', () => ({ removed: true }));
    await user.click(screen.getByRole('button', { name: 'Delete site/thermo' }));
    const second = screen.getByRole('dialog', { name: 'Delete site/thermo?' });
    expect(second.textContent).not.toContain('Online now');
    await user.click(within(second).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'thermo' })).toBeNull());
  });

  it('deleting several asks to type their count', async () => {
    const user = setup();
    fake.handle('devices.remove', () => ({ removed: true }));
    await user.click(await screen.findByRole('checkbox', { name: 'Select all' }));
    await user.click(screen.getByRole('button', { name: 'Delete selected (2)…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete 2 devices?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await user.type(within(dialog).getByLabelText('Type 2 to confirm'), '3');
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await user.clear(within(dialog).getByLabelText('Type 2 to confirm'));
    await user.type(within(dialog).getByLabelText('Type 2 to confirm'), '2');
    await user.click(confirm);
    await screen.findByRole('heading', { name: 'No devices registered.' });
    expect(fake.calls.filter((c) => c.name === 'devices.remove')).toHaveLength(2);
  });
});

describe('accept new devices', () => {
  it('switches on for the chosen time (1 h by default) and says until when', async () => {
    const user = setup();
    const until = Date.now() + 3_600_000;
    fake.handle('settings.update', (input) => ({
      ...settings,
      acceptNewDevices: input.acceptNewDevices ?? false,
      acceptNewDevicesUntil: input.acceptNewDevicesForMs ? until : null,
    }));
    const toggle = await screen.findByRole('switch', { name: 'Accept new devices' });
    await waitFor(() => expect((toggle as HTMLButtonElement).disabled).toBe(false));
    expect(
      screen.getByText(
        'Any device that connects with an unknown id is registered with the credential it sends. Use it only while commissioning.',
      ),
    ).toBeTruthy();
    await user.click(toggle);
    expect(fake.calls.find((c) => c.name === 'settings.update')!.input).toEqual({
      acceptNewDevices: true,
      acceptNewDevicesForMs: 3_600_000,
    });
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    expect(screen.getByText(/turns itself off at \d\d:\d\d:\d\d \(in (59 min|1 h)\)/)).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Turn off after'), 'never');
    expect(fake.calls.filter((c) => c.name === 'settings.update').at(-1)!.input).toEqual({
      acceptNewDevices: true,
      acceptNewDevicesForMs: null,
    });
    expect(await screen.findByText('On until someone turns it off.')).toBeTruthy();
  });
  it('on without a timer (a start-up flag), the auto-off select says never, not 1 h', async () => {
    setup();
    fake.handle('settings.get', () => ({ ...settings, acceptNewDevices: true }));
    await act(() => useSettings.getState().refresh());
    expect(await screen.findByText('On until someone turns it off.')).toBeTruthy();
    expect((screen.getByLabelText('Turn off after') as HTMLSelectElement).value).toBe('never');
  });
});

describe('rejected connections', () => {
  it('lists them newest first; an unknown device can be added from its row', async () => {
    const user = setup();
    fake.handle('devices.rejected', () => ({
      rejected: [
        {
          time: NOW - 60_000,
          address: '192.168.1.77',
          user: 'site',
          device: 'stranger',
          reason: 'unknown-device',
          attempts: 4,
        },
        {
          time: NOW - 1_000,
          address: '192.168.1.40',
          user: 'site',
          device: 'thermo',
          reason: 'wrong-credential',
          attempts: 1,
        },
      ],
    }));
    await act(() => useAdmin.getState().refreshRejected());
    const table = screen.getByRole('region', { name: /Rejected connections/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]!.textContent).toContain('wrong credential');
    expect(rows[1]!.textContent).toContain('unknown device · 4 attempts');
    expect(within(rows[0]!).queryByRole('button')).toBeNull();
    await user.click(within(rows[1]!).getByRole('button', { name: 'Add site/stranger' }));
    const dialog = addDialog();
    expect((within(dialog).getByLabelText('User') as HTMLInputElement).value).toBe('site');
    expect((within(dialog).getByLabelText('Device id') as HTMLInputElement).value).toBe('stranger');
  });
});
