// @vitest-environment jsdom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Value } from '@contract/schemas';
import { useConnection } from '../../api/connection';
import {
  loadResources,
  resetDevices,
  resourcesFromDescribe,
  useDevices,
} from '../../state/devices';
import { stopStreams, useLiveStreams } from '../../state/liveStreams';
import { useShortcuts } from '../../actions/useShortcuts';
import { requestDetails, resetResources, resourceKey, setAsk } from '../../state/resources';
import { fakeApi, installFakeApi, type FakeApi } from '../../testing/fakeApi';
import { offlineStatus, onlineStatus, testDevice } from '../devices/testDevices';
import { ResourcesTab } from './ResourcesTab';

const DESCRIBE = {
  reboot: { fn: 1 },
  relay1: { fn: 2 },
  setpoint: { fn: 2 },
  temperature: { fn: 3 },
  echo: { fn: 4 },
  'lamp/1': { fn: 2 },
  ghost: null,
  $version: { fn: 3 },
  '$terminal/:session': { fn: 2 },
};

function showDevice(online = true, describe: Record<string, Value> = DESCRIBE): void {
  resetDevices({
    devices: {
      'site/thermo': testDevice(
        'site/thermo',
        online ? onlineStatus(Date.now()) : offlineStatus({ lastSeen: Date.now() - 12_000 }),
      ),
    },
    keys: ['site/thermo'],
    loaded: true,
    resources: {
      'site/thermo': {
        state: 'ready',
        items: resourcesFromDescribe(describe),
        error: null,
        at: Date.now(),
        stale: false,
        changes: null,
      },
    },
  });
}

/** The device behind the fake API: describe-one answers and state changes of its inputs. */
function fakeDevice(): { fake: FakeApi; state: Record<string, Value> } {
  const state: Record<string, Value> = { relay1: false, setpoint: 21, 'lamp/1': true };
  const fake = installFakeApi(
    fakeApi({
      'resources.describe': ({ resource }): { value: Value } => {
        if (!resource) return { value: DESCRIBE };
        if (resource === 'temperature') return { value: { out: 21.5 } };
        if (resource === 'echo')
          return { value: { in: { text: 'hello' }, out: { text: 'hello' } } };
        return { value: { in: state[resource]! } };
      },
      'resources.run': ({ resource, input }) => {
        if (resource === 'reboot') return { value: null };
        if (resource === 'echo') return { value: input ?? null };
        state[resource] = input as Value;
        return { value: null };
      },
      'resources.read': () => ({ value: 22.25 }),
    }),
  );
  return { fake, state };
}

const region = (name: string) => screen.getByRole('region', { name });

beforeEach(() => {
  resetResources();
  localStorage.clear();
  stopStreams();
});
afterEach(() => vi.useRealTimers());

describe('Resources tab', () => {
  it('builds one region per resource from describe: sorted, grouped, system collapsed', async () => {
    fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const names = screen
      .getAllByRole('region')
      .map((r) => r.getAttribute('aria-label') ?? within(r).queryByRole('heading')?.textContent);
    expect(names).toEqual(
      expect.arrayContaining(['echo', 'ghost', 'reboot', 'relay1', 'setpoint', 'temperature']),
    );
    expect(within(region('lamp/')).getByRole('region', { name: 'lamp/1' })).toBeTruthy();
    expect(screen.getByText('System extensions').closest('details')?.open).toBe(false);
    expect(screen.getByText('$terminal/:session')).toBeTruthy();
    expect(screen.getByText('Opened by dedicated tools, not from here.')).toBeTruthy();
    expect(
      within(region('ghost')).getByText('Declared without a handler; it cannot be used.'),
    ).toBeTruthy();
    expect(await within(region('temperature')).findByText('21.5')).toBeTruthy();
  });

  it('runs a Run resource and says when it was done and how long it took', async () => {
    const { fake } = fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    await userEvent.click(within(region('reboot')).getByRole('button', { name: 'Run' }));
    expect(
      await within(region('reboot')).findByText(/^Done \d\d:\d\d:\d\d · \d+ ms$/),
    ).toBeTruthy();
    expect(fake.calls.find((c) => c.name === 'resources.run')?.input).toEqual({
      user: 'site',
      device: 'thermo',
      resource: 'reboot',
    });
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('reboot: done');
  });

  it('reads an output with Refresh and labels it Value', async () => {
    fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const temp = region('temperature');
    await within(temp).findByText('21.5');
    await userEvent.click(within(temp).getByRole('button', { name: 'Refresh' }));
    expect(await within(within(temp).getByLabelText('Value')).findByText('22.25')).toBeTruthy();
    expect(within(temp).getByText(/^Read \d\d:\d\d:\d\d · \d+ ms$/)).toBeTruthy();
  });

  it('says in words what the device answered when a run fails', async () => {
    const { fake } = fakeDevice();
    fake.handle('resources.run', () =>
      Promise.reject({
        code: 'DEVICE_ERROR',
        message: 'the device answered ERROR to run echo',
        detail: { code: 408, payload: { error: 'command timed out' } },
      }),
    );
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const echo = region('echo');
    await within(echo).findByRole('textbox', { name: 'text' });
    await userEvent.click(within(echo).getByRole('button', { name: 'Run' }));
    expect((await within(echo).findByRole('alert')).textContent).toContain(
      'The device answered: command timed out (408)',
    );
    expect(within(echo).getByText(/code 408/)).toBeTruthy();
  });

  it('runs an input + output resource with the form and shows its output', async () => {
    const { fake } = fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const echo = region('echo');
    const text = await within(echo).findByRole('textbox', { name: 'text' });
    expect(within(echo).getByText(/sample from describe/)).toBeTruthy();
    await userEvent.clear(text);
    await userEvent.type(text, 'hi there');
    await userEvent.click(within(echo).getByRole('button', { name: 'Run' }));
    expect(await within(within(echo).getByLabelText('Value')).findByText('hi there')).toBeTruthy();
    expect(fake.calls.find((c) => c.name === 'resources.run')?.input).toMatchObject({
      input: { text: 'hi there' },
    });
    expect(within(echo).queryByText(/sample from describe/)).toBeNull();
  });

  it('a switch asks first: armed, Esc cancels, Confirm sends, and the reported state shows', async () => {
    const { fake } = fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const panel = region('relay1');
    const sw = await within(panel).findByRole('switch', { name: 'relay1' });
    expect(sw.getAttribute('aria-checked')).toBe('false');

    await userEvent.click(sw);
    const armed = within(panel).getByRole('group', { name: 'Confirm: turn ON relay1' });
    expect(armed.textContent).toContain('Turn ON relay1?');
    expect(document.activeElement).toBe(within(armed).getByRole('button', { name: 'Confirm' }));
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('Confirm: turn ON relay1');
    await userEvent.keyboard('{Escape}');
    expect(within(panel).queryByRole('group', { name: /Confirm/ })).toBeNull();
    expect(fake.calls.some((c) => c.name === 'resources.run')).toBe(false);

    await userEvent.click(sw);
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() =>
      expect(
        within(panel).getByRole('switch', { name: 'relay1' }).getAttribute('aria-checked'),
      ).toBe('true'),
    );
    expect(fake.calls.find((c) => c.name === 'resources.run')?.input).toMatchObject({
      resource: 'relay1',
      input: true,
    });
    expect(within(within(panel).getByLabelText('Reported')).getByText('true')).toBeTruthy();
    expect(screen.getByRole('status', { name: '' }).textContent).toBe(
      'relay1: the device reports ON',
    );
  });

  it('an armed switch disarms by itself after 5 s', async () => {
    fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const sw = await within(region('relay1')).findByRole('switch', { name: 'relay1' });
    vi.useFakeTimers();
    act(() => sw.click());
    expect(within(region('relay1')).getByRole('group', { name: /Confirm/ })).toBeTruthy();
    act(() => vi.advanceTimersByTime(5_000));
    expect(within(region('relay1')).queryByRole('group', { name: /Confirm/ })).toBeNull();
  });

  it('says when the device did not take the change, and never shows the value it was sent', async () => {
    const { fake, state } = fakeDevice();
    fake.handle('resources.run', () => ({ value: null })); // the device ignores it
    setAsk(resourceKey('site', 'thermo', 'relay1'), false);
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const panel = region('relay1');
    await userEvent.click(await within(panel).findByRole('switch', { name: 'relay1' }));
    expect(await within(panel).findByText('The device did not confirm the change')).toBeTruthy();
    expect(state.relay1).toBe(false);
    expect(within(panel).getByRole('switch', { name: 'relay1' }).getAttribute('aria-checked')).toBe(
      'false',
    );
  });

  it('puts boolean and number inputs in the Controls strip, sharing the panels’ state', async () => {
    fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const strip = await screen.findByRole('region', { name: 'Controls' });
    expect(await within(strip).findByRole('switch', { name: 'relay1' })).toBeTruthy();
    expect(within(strip).getByRole('switch', { name: 'lamp/1' })).toBeTruthy();
    expect(within(strip).getByRole('textbox', { name: 'setpoint' })).toBeTruthy();
    await userEvent.click(within(strip).getByRole('switch', { name: 'relay1' }));
    // The question shows beside the control that was used; both switches turn amber.
    expect(within(strip).getByRole('group', { name: 'Confirm: turn ON relay1' })).toBeTruthy();
    expect(within(region('relay1')).queryByRole('group', { name: /Confirm/ })).toBeNull();
    const panelSwitch = within(region('relay1')).getByRole('switch', { name: 'relay1' });
    expect(panelSwitch.className).toContain('pf-switch-armed');
  });

  it('two editors of one input (strip and panel) share one draft, edited in turn, and send it once', async () => {
    const { fake } = fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const strip = await screen.findByRole('region', { name: 'Controls' });
    const inStrip = await within(strip).findByRole('textbox', { name: 'setpoint' });
    const inPanel = await within(region('setpoint')).findByRole('textbox', { name: 'setpoint' });
    const value = (el: HTMLElement): string => (el as HTMLInputElement).value;
    await userEvent.clear(inStrip);
    await userEvent.type(inStrip, '24');
    expect(value(inPanel)).toBe('24');
    await userEvent.type(inPanel, '.5');
    expect(value(inStrip)).toBe('24.5');
    await userEvent.clear(inStrip);
    await userEvent.type(inStrip, '19');
    expect(value(inPanel)).toBe('19');
    // The draft is kept once, per (device, resource), and survives a reload of the view.
    const saved = JSON.parse(localStorage.getItem('iotmp-studio.resources') ?? '{}') as {
      state?: { drafts?: Record<string, unknown> };
    };
    expect(Object.keys(saved.state?.drafts ?? {})).toEqual([
      resourceKey('site', 'thermo', 'setpoint'),
    ]);
    await userEvent.click(within(region('setpoint')).getByRole('button', { name: 'Send' }));
    // An input asks before changing by default: the question names the one draft.
    const armed = within(region('setpoint')).getByRole('group', { name: /^Confirm: .*19/ });
    await userEvent.click(within(armed).getByRole('button', { name: 'Confirm' }));
    await vi.waitFor(() =>
      expect(fake.calls.filter((c) => c.name === 'resources.run').map((c) => c.input)).toEqual([
        { user: 'site', device: 'thermo', resource: 'setpoint', input: 19 },
      ]),
    );
  });

  it('offline: actions wait, values are stale, drafts stay', async () => {
    fakeDevice();
    showDevice();
    const view = render(<ResourcesTab user="site" device="thermo" />);
    const setpoint = region('setpoint');
    const field = await within(setpoint).findByRole('textbox', { name: 'setpoint' });
    await userEvent.clear(field);
    await userEvent.type(field, '23');
    act(() => showDevice(false));
    view.rerender(<ResourcesTab user="site" device="thermo" />);
    expect(within(setpoint).getByText('Actions resume when the device reconnects')).toBeTruthy();
    expect(
      within(setpoint).getByRole('button', { name: 'Send' }).getAttribute('aria-disabled'),
    ).toBe('true');
    expect(within(setpoint).getByText(/^stale · /)).toBeTruthy();
    expect(
      (within(setpoint).getByRole('textbox', { name: 'setpoint' }) as HTMLInputElement).value,
    ).toBe('23');
  });

  it('auto-refresh is a stream the live-streams registry can stop', async () => {
    const { fake } = fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const temp = region('temperature');
    await userEvent.selectOptions(
      within(temp).getByRole('combobox', { name: 'Auto-refresh' }),
      '5',
    );
    expect(useLiveStreams.getState().streams).toMatchObject([
      { resource: 'temperature', intervalMs: 5_000, purpose: 'auto-refresh' },
    ]);
    act(() =>
      fake.emit('streams.samples', { kind: 'sample', time: Date.now(), value: 30.5, dropped: 0 }),
    );
    expect(await within(temp).findByText('30.5')).toBeTruthy();
    act(() => void stopStreams());
    expect(
      (within(temp).getByRole('combobox', { name: 'Auto-refresh' }) as HTMLSelectElement).value,
    ).toBe('0');
  });

  it('with the link to main lost, actions wait too', async () => {
    fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    act(() => useConnection.setState({ link: 'lost' }));
    expect(
      within(region('reboot')).getByRole('button', { name: 'Run' }).getAttribute('aria-disabled'),
    ).toBe('true');
    act(() => useConnection.setState({ link: 'online' }));
  });

  it('a slider with a known range sends 300 ms after the last key, ghosting the target', async () => {
    const { fake, state } = fakeDevice();
    fake.handle('resources.describe', ({ resource }): { value: Value } => ({
      value: resource === 'setpoint' ? { in: state.setpoint!, min: 5, max: 30 } : { in: null },
    }));
    let answer: (v: { value: Value }) => void = () => {};
    fake.handle('resources.run', ({ input }) => {
      state.setpoint = input as Value;
      return new Promise((r) => (answer = r));
    });
    setAsk(resourceKey('site', 'thermo', 'setpoint'), false);
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const panel = region('setpoint');
    const slider = await within(panel).findByRole('slider', { name: 'setpoint' });
    expect(slider.getAttribute('aria-valuemin')).toBe('5');
    expect(slider.getAttribute('aria-valuemax')).toBe('30');
    expect(slider.getAttribute('aria-valuenow')).toBe('21');
    fireEvent.change(slider, { target: { value: '23' } });
    fireEvent.change(slider, { target: { value: '24' } });
    expect(fake.calls.some((c) => c.name === 'resources.run')).toBe(false);
    await vi.waitFor(() => expect(within(panel).getByText('Sending… 24')).toBeTruthy());
    expect(fake.calls.filter((c) => c.name === 'resources.run')).toHaveLength(1);
    // Never optimistic: the slider shows what the device reported until it confirms.
    expect(slider.getAttribute('aria-valuenow')).toBe('21');
    act(() => answer({ value: null }));
    await vi.waitFor(() => expect(slider.getAttribute('aria-valuenow')).toBe('24'));
    expect(within(panel).queryByText(/Sending…/)).toBeNull();
  });

  it('a pending call offers Cancel after 2 s, which frees the panel at once', async () => {
    const { fake } = fakeDevice();
    fake.handle('resources.run', () => new Promise(() => {}));
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const reboot = region('reboot');
    vi.useFakeTimers();
    fireEvent.click(within(reboot).getByRole('button', { name: 'Run' }));
    const busy = within(reboot).getByRole('button', { name: 'Running…' });
    expect(busy.getAttribute('aria-disabled')).toBe('true');
    expect(within(reboot).queryByRole('button', { name: 'Cancel' })).toBeNull();
    act(() => vi.advanceTimersByTime(2_000));
    fireEvent.click(within(reboot).getByRole('button', { name: 'Cancel' }));
    expect(within(reboot).getByRole('button', { name: 'Run' }).getAttribute('aria-disabled')).toBe(
      'false',
    );
    expect(within(reboot).getByText(/^Cancelled \d\d:\d\d:\d\d · after 2 s$/)).toBeTruthy();
    expect(within(reboot).queryByRole('alert')).toBeNull();
  });

  it('Mod+Enter runs or sends the focused panel', async () => {
    const { fake } = fakeDevice();
    setAsk(resourceKey('site', 'thermo', 'setpoint'), false);
    showDevice();
    function WithKeys() {
      useShortcuts();
      return <ResourcesTab user="site" device="thermo" />;
    }
    render(<WithKeys />);
    const field = await within(region('setpoint')).findByRole('textbox', { name: 'setpoint' });
    await userEvent.clear(field);
    await userEvent.type(field, '26');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await vi.waitFor(() =>
      expect(fake.calls.find((c) => c.name === 'resources.run')?.input).toMatchObject({
        resource: 'setpoint',
        input: 26,
      }),
    );
  });

  it('a state the device changed under a draft is pointed out, with Use it', async () => {
    const { state } = fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const panel = region('setpoint');
    const field = await within(panel).findByRole('textbox', { name: 'setpoint' });
    await userEvent.clear(field);
    await userEvent.type(field, '25');
    state.setpoint = 40;
    act(() => requestDetails('site', 'thermo', 'setpoint', { refresh: true, force: true }));
    expect(await within(panel).findByText(/The device now reports 40/)).toBeTruthy();
    expect((field as HTMLInputElement).value).toBe('25');
    await userEvent.click(within(panel).getByRole('button', { name: 'Use it' }));
    expect(
      (within(panel).getByRole('textbox', { name: 'setpoint' }) as HTMLInputElement).value,
    ).toBe('40');
  });

  it('says when a new resource list added or removed resources', async () => {
    const { fake } = fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const next: Record<string, Value> = { ...DESCRIBE, humidity: { fn: 3 } };
    delete next.reboot;
    fake.handle('resources.describe', ({ resource }) => ({ value: resource ? null : next }));
    await act(() => loadResources('site', 'thermo', true));
    expect(screen.getByText(/Resource list changed: 1 added, 1 removed/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(screen.getByText('Added: humidity')).toBeTruthy();
    expect(screen.getByText('Removed: reboot')).toBeTruthy();
  });

  it("switching to another device never compares the two devices' lists", async () => {
    const { fake } = fakeDevice();
    showDevice();
    const view = render(<ResourcesTab user="site" device="thermo" />);
    useDevices.setState((s) => ({
      devices: { ...s.devices, 'site/pump': testDevice('site/pump', onlineStatus(Date.now())) },
    }));
    fake.handle('resources.describe', ({ resource }) => ({
      value: resource ? null : { flow: { fn: 3 } },
    }));
    view.rerender(<ResourcesTab user="site" device="pump" />);
    expect(await screen.findByRole('region', { name: 'flow' })).toBeTruthy();
    expect(screen.queryByText(/Resource list changed/)).toBeNull();
  });

  it('offers Chart only where a number is: not on a text RPC such as echo', async () => {
    const user = userEvent.setup();
    fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const temp = region('temperature');
    await within(temp).findByText('21.5');
    expect(within(temp).getByRole('button', { name: 'Chart' })).toBeTruthy();
    const echo = region('echo');
    await within(echo).findByText(/sample from describe/);
    await user.click(within(echo).getByRole('button', { name: 'More for echo' }));
    const items = within(within(echo).getByRole('menu')).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).not.toContain('Chart');
    expect(within(echo).queryByRole('button', { name: 'Chart' })).toBeNull();
  });

  it('the panel menu copies the cURL call and the value, and marks Ask before changing', async () => {
    const user = userEvent.setup();
    fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const temp = region('temperature');
    await within(temp).findByText('21.5');
    const more = within(temp).getByRole('button', { name: 'More for temperature' });
    await user.click(more);
    const menu = within(temp).getByRole('menu', { name: 'More for temperature' });
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual([
      'Copy as cURL',
      'Copy as cURL with token',
      'Copy value as JSON',
      'Chart',
      'Show frames',
    ]);
    await user.click(within(menu).getByRole('menuitem', { name: 'Copy value as JSON' }));
    expect(await navigator.clipboard.readText()).toBe('21.5');
    expect(document.activeElement).toBe(more);

    await user.click(within(temp).getByRole('button', { name: 'Copy as cURL' }));
    expect(await navigator.clipboard.readText()).toBe(
      [
        `curl -sS '${window.location.origin}/v3/users/site/devices/thermo/resources/temperature' \\`,
        '  -H "Authorization: Bearer $IOTMP_TOKEN"',
      ].join('\n'),
    );
    expect(within(temp).getByRole('button', { name: 'Copied' })).toBeTruthy();

    const relay = region('relay1');
    await user.click(within(relay).getByRole('button', { name: 'More for relay1' }));
    const ask = within(relay).getByRole('menuitemcheckbox', { name: 'Ask before changing' });
    expect(ask.getAttribute('aria-checked')).toBe('true');
    await user.keyboard('{Escape}');
    expect(within(relay).queryByRole('menu')).toBeNull();
    await user.click(within(relay).getByRole('button', { name: 'More for relay1' }));
    await user.click(within(relay).getByRole('menuitemcheckbox', { name: 'Ask before changing' }));
    await user.click(within(relay).getByRole('switch', { name: 'relay1' }));
    expect(within(relay).queryByRole('group', { name: /Confirm/ })).toBeNull();
    await vi.waitFor(() =>
      expect(
        within(relay).getByRole('switch', { name: 'relay1' }).getAttribute('aria-checked'),
      ).toBe('true'),
    );
  });

  it('Send waits while a field holds no value yet, and says why', async () => {
    fakeDevice();
    showDevice();
    render(<ResourcesTab user="site" device="thermo" />);
    const panel = region('setpoint');
    const field = await within(panel).findByRole('textbox', { name: 'setpoint' });
    await userEvent.clear(field);
    await userEvent.type(field, '2x');
    expect(within(panel).getByText('Fix the highlighted field to send.')).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Send' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
    await userEvent.type(field, '{Backspace}');
    expect(within(panel).queryByText('Fix the highlighted field to send.')).toBeNull();
  });

  it('reads every sample again when the device comes back', async () => {
    const { fake } = fakeDevice();
    showDevice();
    const view = render(<ResourcesTab user="site" device="thermo" />);
    await within(region('relay1')).findByRole('switch', { name: 'relay1' });
    const asked = (resource: string) =>
      fake.calls.filter(
        (c) =>
          c.name === 'resources.describe' &&
          (c.input as { resource?: string }).resource === resource,
      ).length;
    expect(asked('relay1')).toBe(1);
    act(() => showDevice(false));
    view.rerender(<ResourcesTab user="site" device="thermo" />);
    act(() => showDevice(true));
    view.rerender(<ResourcesTab user="site" device="thermo" />);
    await vi.waitFor(() => expect([asked('relay1'), asked('temperature')]).toEqual([2, 2]));
  });
});
