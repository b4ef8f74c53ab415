// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BrokerStatus } from '@contract/schemas';
import { useConnection } from '../api/connection';
import { useBroker } from '../state/brokerStatus';
import { fakeApi, installFakeApi } from '../testing/fakeApi';
import { registerActions } from '../actions/actionRegistry';
import { usePreferences } from '../state/preferences';
import { AppShell } from './AppShell';

const status: BrokerStatus = {
  listeners: [{ name: 'tcp', transport: 'tcp', host: '0.0.0.0', port: 25204 }],
  failures: [
    { setting: 'wssPort', message: 'Port 443 is in use. Change it in Settings → Broker;' },
  ],
  tls: {
    selfSigned: true,
    fingerprint: Array.from({ length: 32 }, (_, i) =>
      i.toString(16).padStart(2, '0').toUpperCase(),
    ).join(':'),
  },
  counts: { registered: 15, online: 12, connections: 12 },
  acceptNewDevices: true,
};

beforeEach(() => {
  installFakeApi(fakeApi());
  useBroker.setState({ status, error: null });
  window.location.hash = '#/inspector';
});

describe('the app shell', () => {
  it('has the landmarks UI.md §5 names and the h1 of the current view', () => {
    render(<AppShell />);
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(screen.getByRole('main', { name: 'Inspector' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Inspector');
    expect(screen.getByRole('contentinfo')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Inspector/ }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('the status bar shows listeners, failures, the short fingerprint, counts and the amber flag', () => {
    render(<AppShell />);
    expect(screen.getByTestId('status-listener-25204').textContent).toContain('TCP 25204');
    expect(screen.getByText(/wssPort/).getAttribute('title')).toContain('Port 443 is in use');
    expect(screen.getByText(/TLS 00:01:02:03…1C:1D:1E:1F/)).toBeTruthy();
    expect(screen.getByTestId('broker-status').textContent).toContain('12 of 15 devices online');
    expect(screen.getByText(/Accepting new devices/)).toBeTruthy();
  });

  it('says when contact is lost and when it is back', () => {
    render(<AppShell />);
    act(() => useConnection.setState({ link: 'lost', retryAt: Date.now() + 3_000 }));
    expect(screen.getByText(/Lost contact/).textContent).toMatch(
      /Lost contact with IoTMP Studio\. Retrying in [2-4] s/,
    );
    act(() => useConnection.setState({ link: 'online', retryAt: null, reconnectedAt: Date.now() }));
    expect(screen.getByText(/Reconnected/).getAttribute('role')).toBe('status');
  });

  it('while contact is lost, counts derived from live data say they are unknown', () => {
    render(<AppShell />);
    expect(screen.getByRole('link', { name: /Devices/ }).textContent).toContain('12');
    act(() => useConnection.setState({ link: 'lost', retryAt: Date.now() + 3_000 }));
    expect(screen.getByTestId('broker-status').textContent).toBe(
      '◌ 15 devices · online unknown (no contact)',
    );
    expect(screen.getByRole('link', { name: /Devices/ }).textContent).not.toContain('12');
    act(() => useConnection.setState({ link: 'online', retryAt: null }));
    expect(screen.getByTestId('broker-status').textContent).toContain('12 of 15 devices online');
  });

  it('the palette offers every app-wide action from any view; an empty query lists actions, not devices', async () => {
    render(<AppShell />);
    const stop = registerActions([
      {
        id: 'device.jump:site/pump-7',
        label: 'Open site/pump-7',
        group: 'Devices',
        kind: 'jump',
        perform: () => {},
      },
    ]);
    await userEvent.keyboard('{Control>}k{/Control}');
    const list = (): HTMLElement => screen.getByRole('listbox', { name: 'Actions' });
    expect(within(list()).queryByText('Open site/pump-7')).toBeNull();
    expect(within(list()).getByText('Add device')).toBeTruthy();
    const input = screen.getByRole('textbox', { name: 'Command palette' });
    for (const [query, label] of [
      ['theme', 'Switch theme (dark / light)'],
      ['dark', 'Theme: Dark'],
      ['add', 'Add device'],
      ['flash', 'Flash firmware to boards…'],
      ['add port', 'Add port by path…'],
      ['export', 'Export shown frames (JSON lines)'],
      ['pump-7', 'Open site/pump-7'],
    ]) {
      await userEvent.clear(input);
      await userEvent.type(input, query!);
      expect(within(list()).getByText(label!)).toBeTruthy();
    }
    await userEvent.clear(input);
    await userEvent.type(input, 'theme: dark{Enter}');
    expect(usePreferences.getState().theme).toBe('dark');
    stop();
  });

  it('Add device from the palette on another view opens the admin with its dialog', async () => {
    render(<AppShell />);
    await userEvent.keyboard('{Control>}k{/Control}');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Command palette' }),
      'add device{Enter}',
    );
    expect(window.location.hash).toBe('#/admin');
    expect(await screen.findByRole('dialog', { name: /Add/ })).toBeTruthy();
  });

  it('leaving a view through the navigation and coming back returns to where the user was', () => {
    window.location.hash = '#/devices/site/thermo';
    render(<AppShell />);
    act(() => {
      window.location.hash = '#/inspector';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(screen.getByRole('link', { name: /Devices/ }).getAttribute('href')).toBe(
      '#/devices/site/thermo',
    );
  });

  it('a console page without its token explains where the link is', () => {
    act(() => useConnection.setState({ link: 'no-token' }));
    render(<AppShell />);
    expect(screen.getByRole('heading', { name: 'Open the console link' })).toBeTruthy();
    expect(screen.getByTestId('broker-status').textContent).toContain('not connected');
    // Plain prose (no Markdown backticks), and a glyph the system fonts have (⚿ drew a box).
    const main = screen.getByRole('main');
    expect(main.textContent).toContain('the line beginning “console:”');
    expect(main.textContent).not.toMatch(/[`⚿]/);
  });
});
