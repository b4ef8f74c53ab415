// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BrokerStatus } from '@contract/schemas';
import { useConnection } from '../api/connection';
import { useBroker } from '../state/brokerStatus';
import { fakeApi, installFakeApi } from '../testing/fakeApi';
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

  it('a console page without its token explains where the link is', () => {
    act(() => useConnection.setState({ link: 'no-token' }));
    render(<AppShell />);
    expect(screen.getByRole('heading', { name: 'Open the console link' })).toBeTruthy();
    expect(screen.getByTestId('broker-status').textContent).toContain('not connected');
  });
});
