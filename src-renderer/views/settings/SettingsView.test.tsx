// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '@contract/errors';
import type { BrokerStatus, Settings } from '@contract/schemas';
import { useConnection } from '../../api/connection';
import { parseHash } from '../../navigation/router';
import { useBroker } from '../../state/brokerStatus';
import { applyPreferences, usePreferences } from '../../state/preferences';
import { useSettings } from '../../state/settings';
import { fakeApi, installFakeApi, type FakeApi } from '../../testing/fakeApi';
import { SettingsView } from './SettingsView';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) =>
  (i * 7).toString(16).padStart(2, '0').toUpperCase(),
).join(':');

const status: BrokerStatus = {
  listeners: [
    { name: 'tcp', transport: 'tcp', host: '0.0.0.0', port: 25204 },
    { name: 'tls', transport: 'tls', host: '0.0.0.0', port: 25206 },
  ],
  failures: [{ setting: 'wssPort', message: 'Port 443 is in use (--wss-port).' }],
  tls: { selfSigned: true, fingerprint: FINGERPRINT },
  counts: { registered: 0, online: 0, connections: 0 },
  acceptNewDevices: false,
};

let saved: Settings;
let fake: FakeApi;
let stopPrefs: () => void;

beforeEach(() => {
  localStorage.clear();
  saved = {
    acceptNewDevices: false,
    acceptNewDevicesUntil: null,
    endpoints: { alarm: { url: 'https://hooks.example/alarm', method: 'POST' } },
  };
  fake = installFakeApi(
    fakeApi({
      'settings.get': () => saved,
      'settings.update': (input) => {
        saved = { ...saved, ...(input.endpoints ? { endpoints: input.endpoints } : {}) };
        return saved;
      },
    }),
  );
  useBroker.setState({ status, error: null });
  useSettings.setState({ settings: null, endpointDrafts: null, endpointsError: null });
  usePreferences.setState({ theme: 'system', density: 'comfortable', fontSize: 14 });
  stopPrefs = applyPreferences(document.documentElement);
});
afterEach(() => stopPrefs());

const view = () => {
  const user = userEvent.setup();
  render(<SettingsView route={parseHash('#/settings')} />);
  return user;
};
const section = (name: string) => screen.getByRole('region', { name });

describe('settings', () => {
  it('switches the theme, density and font size on <html>', async () => {
    const user = view();
    const appearance = section('Appearance');
    expect(document.documentElement.dataset.theme).toBeUndefined();
    await user.click(within(appearance).getByRole('radio', { name: 'Dark' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(usePreferences.getState().theme).toBe('dark');
    await user.click(within(appearance).getByRole('radio', { name: 'Light' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    await user.click(within(appearance).getByRole('radio', { name: 'Follow the system' }));
    expect(document.documentElement.dataset.theme).toBeUndefined();
    await user.click(within(appearance).getByRole('radio', { name: 'Compact' }));
    expect(document.documentElement.dataset.density).toBe('compact');
    await user.selectOptions(within(appearance).getByLabelText('Font size'), '16');
    expect(document.documentElement.style.fontSize).toBe('16px');
  });

  it('shows the listeners with their state, failures in words, and the full TLS fingerprint with Copy', async () => {
    const user = view();
    const broker = section('Broker');
    const tcp = within(broker).getByRole('rowheader', { name: 'IoTMP over TCP' }).closest('tr')!;
    expect(tcp.textContent).toContain('25204');
    expect(tcp.textContent).toContain('every interface');
    expect(tcp.textContent).toContain('running');
    const failed = within(broker).getByRole('rowheader', { name: 'wssPort' }).closest('tr')!;
    expect(failed.textContent).toContain('Port 443 is in use');
    expect(failed.textContent).toContain('not running');
    expect(broker.textContent).toContain('--tcp-port');
    expect(within(broker).getByText(FINGERPRINT)).toBeTruthy();
    expect(broker.textContent).toContain('ESP-IDF and Zephyr devices');
    await user.click(within(broker).getByRole('button', { name: 'Copy fingerprint' }));
    expect(await navigator.clipboard.readText()).toBe(FINGERPRINT);
  });

  it('in the console, says the API is in use and how the token works', () => {
    useConnection.setState({ runtime: 'console', host: '192.168.1.20' });
    view();
    const api = section('API and web console');
    expect(api.textContent).toContain('You are using the web console now');
    expect(api.textContent).toContain('api-token');
    expect(api.textContent).toContain('anyone with the link can manage the broker');
  });

  it('validates endpoints as typed and saves them as name → URL, method, headers', async () => {
    const user = view();
    const endpoints = section('Endpoints');
    await within(endpoints).findByDisplayValue('alarm');
    await user.click(within(endpoints).getByRole('button', { name: 'Add endpoint' }));
    const names = within(endpoints).getAllByLabelText('Name');
    const urls = within(endpoints).getAllByLabelText('URL');
    await user.type(names[1]!, 'alarm');
    expect(within(endpoints).getByText('Another endpoint is named alarm.')).toBeTruthy();
    await user.clear(names[1]!);
    await user.type(names[1]!, 'report');
    await user.type(urls[1]!, 'ftp://x');
    expect(
      within(endpoints).getByText('A full address beginning http:// or https://.'),
    ).toBeTruthy();
    await user.clear(urls[1]!);
    await user.type(urls[1]!, 'http://10.0.0.5:8080/report');
    await user.selectOptions(within(endpoints).getAllByLabelText('Method')[1]!, 'PUT');
    const headers = within(endpoints).getAllByLabelText('Headers')[1]!;
    await user.type(headers, 'no colon here');
    expect(within(endpoints).getByText('Line 1: write Name: value.')).toBeTruthy();
    await user.clear(headers);
    await user.type(headers, 'Authorization: Bearer abc');
    expect(within(endpoints).getByText(/Unsaved changes/)).toBeTruthy();

    await user.click(within(endpoints).getByRole('button', { name: 'Save endpoints' }));
    await waitFor(() => expect(useSettings.getState().endpointDrafts).toBeNull());
    expect(fake.calls.find((c) => c.name === 'settings.update')!.input).toEqual({
      endpoints: {
        alarm: { url: 'https://hooks.example/alarm', method: 'POST' },
        report: {
          url: 'http://10.0.0.5:8080/report',
          method: 'PUT',
          headers: { Authorization: 'Bearer abc' },
        },
      },
    });
  });

  it('an empty new endpoint complains only once left or saved, and is never sent', async () => {
    const user = view();
    const endpoints = section('Endpoints');
    await within(endpoints).findByDisplayValue('alarm');
    await user.click(within(endpoints).getByRole('button', { name: 'Add endpoint' }));
    expect(within(endpoints).queryByText('A name is required.')).toBeNull();
    await user.click(within(endpoints).getByRole('button', { name: 'Save endpoints' }));
    expect(within(endpoints).getByText('A name is required.')).toBeTruthy();
    expect(fake.calls.some((c) => c.name === 'settings.update')).toBe(false);
  });

  it('a save that fails keeps the typed endpoints and says why; they survive a remount', async () => {
    fake.handle('settings.update', () => {
      throw new ApiError('BAD_REQUEST', 'endpoints.report.url: Invalid URL');
    });
    const user = view();
    const endpoints = section('Endpoints');
    await within(endpoints).findByDisplayValue('alarm');
    await user.click(within(endpoints).getByRole('button', { name: 'Add endpoint' }));
    await user.type(within(endpoints).getAllByLabelText('Name')[1]!, 'report');
    await user.type(within(endpoints).getAllByLabelText('URL')[1]!, 'http://10.0.0.5/r');
    await user.click(within(endpoints).getByRole('button', { name: 'Save endpoints' }));
    const alert = await within(endpoints).findByRole('alert');
    expect(alert.textContent).toContain('Could not save the endpoints; they stay as typed.');
    expect(alert.textContent).toContain('Invalid URL');
    expect(within(endpoints).getByDisplayValue('report')).toBeTruthy();
    expect(JSON.parse(localStorage.getItem('iotmp-studio.settings')!).state.endpointDrafts).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'report' })]),
    );
  });

  it('removes an endpoint and reverts to the saved ones', async () => {
    const user = view();
    const endpoints = section('Endpoints');
    await within(endpoints).findByDisplayValue('alarm');
    await user.click(within(endpoints).getByRole('button', { name: 'Remove endpoint alarm' }));
    expect(within(endpoints).getByText('No endpoint configured.')).toBeTruthy();
    await user.click(within(endpoints).getByRole('button', { name: 'Revert' }));
    expect(within(endpoints).getByDisplayValue('alarm')).toBeTruthy();
  });

  it('has the accept-new-devices switch and the default user under Devices', async () => {
    view();
    const devices = section('Devices');
    expect(await within(devices).findByRole('switch', { name: 'Accept new devices' })).toBeTruthy();
    expect(within(devices).getByLabelText('Default user')).toBeTruthy();
    expect(section('About').textContent).toMatch(/IoTMP Studio \d+\.\d+\.\d+/);
  });
});
