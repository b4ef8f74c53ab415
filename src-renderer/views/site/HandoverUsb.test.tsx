// @vitest-environment jsdom
/**
 * Re-provisioning over USB in the hand-over (issue 17): the dialog offers the site's boards
 * connected now and sends the device address with the request; the panel says per device
 * "re-provisioned and reconnected to <server>" or what is left to do.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { HandoverJob } from '@contract/handoverCalls';
import { fakeApi, installFakeApi } from '../../testing/fakeApi';
import { HandoverDialog } from './HandoverDialog';
import { parseDeviceAddress } from './handoverInput';
import { HandoverPanel } from './HandoverPanel';

const TARGET = 'http://prod.example.com:8080';

const job = (devices: HandoverJob['devices']): HandoverJob => ({
  id: 'handover-1',
  target: TARGET,
  site: 'Plant A',
  state: 'watching',
  startedAt: 1,
  finishedAt: null,
  watchUntil: Date.now() + 60_000,
  total: devices.length,
  devices,
  buckets: [],
  endpoints: [],
  reconnected: devices.filter((d) => d.reconnectedAt !== null).length,
  error: null,
  reportFile: null,
});

const row = (device: string, over: Partial<HandoverJob['devices'][number]>) => ({
  user: 'site',
  device,
  credential: 'reissued' as const,
  created: 'created' as const,
  properties: 0,
  reprovisioning: null,
  reconnectedAt: null,
  error: null,
  ...over,
});

describe('hand-over: re-provisioning over USB', () => {
  it('the dialog offers the boards connected now and sends where devices dial', async () => {
    const fake = installFakeApi(
      fakeApi({
        'handover.boards': () => ({
          boards: [{ user: 'site', device: 'node-1', port: '/dev/ttyUSB0' }],
        }),
        'handover.start': () => ({ job: job([]) }),
      }),
    );
    render(
      <HandoverDialog
        server={{ target: TARGET, tokenSet: true }}
        site="Plant A"
        devices={2}
        onStarted={() => {}}
        onClose={() => {}}
      />,
    );
    const box = await screen.findByRole('group', { name: 'Boards connected over USB now' });
    expect(within(box).getByText('node-1 · /dev/ttyUSB0')).toBeTruthy();
    expect((within(box).getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    const address = within(box).getByLabelText('Devices connect to');
    expect(address.getAttribute('placeholder')).toBe('prod.example.com:25204');
    await userEvent.type(address, 'prod.example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Hand over' }));
    expect(await screen.findByText('host:port, e.g. iot.example.com:25204')).toBeTruthy();
    await userEvent.type(address, ':25300');
    await userEvent.click(screen.getByRole('button', { name: 'Hand over' }));
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'handover.start')).toBe(true));
    expect(fake.calls.find((c) => c.name === 'handover.start')!.input).toMatchObject({
      reprovisionUsb: true,
      deviceAddress: { host: 'prod.example.com', port: 25300 },
    });
  });

  it('device addresses: host:port or empty', () => {
    expect(parseDeviceAddress('')).toBeUndefined();
    expect(parseDeviceAddress(' 10.0.0.5:25204 ')).toEqual({ host: '10.0.0.5', port: 25204 });
    expect(parseDeviceAddress('[::1]:25204')).toEqual({ host: '[::1]', port: 25204 });
    expect(parseDeviceAddress('host')).toBeNull();
    expect(parseDeviceAddress('host:0')).toBeNull();
    expect(parseDeviceAddress('http://host:1')).toBeNull();
  });

  it('the panel says per device what became of its board', () => {
    render(
      <HandoverPanel
        onCancel={() => {}}
        job={job([
          row('node-1', {
            reprovisioning: { state: 'done', detail: 're-provisioned over USB on /dev/ttyUSB0' },
            reconnectedAt: Date.now(),
          }),
          row('node-2', { reprovisioning: { state: 'running', detail: 'writing the identity' } }),
          row('node-3', {
            reprovisioning: { state: 'left', detail: 'its board is not connected' },
          }),
          row('node-4', { reprovisioning: { state: 'failed', detail: 'no answer' } }),
          row('node-5', {}),
        ])}
      />,
    );
    const cell = (d: string) => screen.getByTestId(`usb-${d}`).textContent;
    expect(cell('node-1')).toContain(`re-provisioned and reconnected to ${TARGET}`);
    expect(cell('node-2')).toContain('writing the identity');
    expect(cell('node-3')).toContain('left to do: its board is not connected');
    expect(cell('node-4')).toContain('failed: no answer');
    expect(cell('node-5')).toBe('–');
  });
});
