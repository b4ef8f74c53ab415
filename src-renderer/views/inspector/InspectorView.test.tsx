// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Device, InspectedFrame } from '@contract/schemas';
import { connect, keepAlive, ok, run, streamData } from '@protocol/message';
import { clockTime } from '../../format/time';
import { useShortcuts } from '../../actions/useShortcuts';
import { parseHash } from '../../navigation/router';
import { resetDevices } from '../../state/devices';
import { resetInspector } from '../../state/inspector';
import { offlineStatus, onlineStatus, testDevice } from '../devices/testDevices';
import { fakeApi, installFakeApi, type FakeApi, type FakeHandlers } from '../../testing/fakeApi';
import { InspectorView } from './InspectorView';
import { inspected, malformed, T0 } from '../../model/inspector/testFrames';

const device = (key: string, online: boolean): Device =>
  testDevice(key, online ? onlineStatus(T0) : offlineStatus({ lastSeen: T0, pv: 1 }));

/** A short session: CONNECT, its OK, a keep-alive, a RUN answered 38 ms later. */
const session = (): InspectedFrame[] => [
  inspected(1, 'in', connect(1, 77, ['site', 'a', '<redacted>']), T0),
  inspected(2, 'out', ok(77), T0 + 4),
  inspected(3, 'in', keepAlive(), T0 + 500),
  inspected(4, 'out', run(5, 'temp'), T0 + 1_000),
  inspected(5, 'in', ok(5, { payload: { celsius: 21.5 } }), T0 + 1_038),
];

function Harness({ hash }: { hash: string }) {
  useShortcuts();
  return <InspectorView route={parseHash(hash)} />;
}

let fake: FakeApi;
function show(
  hash = '#/inspector',
  devices: Device[] = [device('site/a', true)],
  history: Record<string, InspectedFrame[]> = { 'site/a': session() },
  handlers: FakeHandlers = {},
) {
  fake = installFakeApi(
    fakeApi({
      'devices.list': () => ({ devices }),
      'inspector.frames': ({ user, device: d, afterSeq }) => ({
        frames: (history[`${user}/${d}`] ?? []).filter((f) => f.seq > (afterSeq ?? 0)),
        thinned: null,
      }),
      ...handlers,
    }),
  );
  return render(<Harness hash={hash} />);
}

const dataRows = () =>
  within(screen.getByRole('grid', { name: 'Frames' }))
    .getAllByRole('row')
    .filter((r) => r.getAttribute('aria-rowindex') !== '1');

const emit = (frame: InspectedFrame) =>
  act(() => fake.emit('inspector.follow', frame, (p) => p.device === 'a'));

beforeEach(() => {
  resetInspector();
  resetDevices();
});
afterEach(() => {
  resetInspector();
  resetDevices();
});

describe('Inspector view', () => {
  it('lists the frames in a grid, with KEEP_ALIVE hidden but counted on its chip', async () => {
    const user = userEvent.setup();
    show();
    await waitFor(() => expect(dataRows()).toHaveLength(4));
    expect(screen.getByRole('heading', { level: 1, name: 'Inspector' })).toBeTruthy();
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual([
      'Time',
      'Δ',
      'Direction',
      'Device',
      'Type',
      'Stream',
      'Resource',
      'Bytes',
      'Decoded',
    ]);
    const run = dataRows()[2]!;
    const cells = within(run)
      .getAllByRole('gridcell')
      .map((c) => c.textContent);
    expect(cells.slice(1)).toEqual(['+996 ms', '→ device', 'site/a', 'RUN', '5', 'temp', '10', '']);
    expect(cells[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(within(dataRows()[3]!).getAllByRole('gridcell')[6]!.textContent).toBe('temp');

    // The type chips sit in the Filters menu (the toolbar is one line at 1280 px); its button
    // counts the hidden type as one filter on.
    await user.click(screen.getByRole('button', { name: 'Filters, 1 on' }));
    const chip = screen.getByRole('button', { name: 'KEEP_ALIVE, 1 frame, hidden' });
    expect(chip.getAttribute('aria-pressed')).toBe('false');
    await user.click(chip);
    expect(dataRows()).toHaveLength(5);
    expect(screen.getByText('5 frames')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Filters' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: 'Message types' })).toBeNull();
  });

  it('shows the selected request decoded, its bytes, and its answer with the latency', async () => {
    const user = userEvent.setup();
    show();
    await waitFor(() => expect(dataRows()).toHaveLength(4));
    await user.click(within(dataRows()[2]!).getByText('RUN'));
    expect(dataRows()[2]!.getAttribute('aria-selected')).toBe('true');
    const detail = screen.getByRole('region', { name: 'Frame detail' });
    expect(within(detail).getByText('Answer:')).toBeTruthy();
    expect(within(detail).getByText('OK after 38 ms')).toBeTruthy();
    const hex = within(detail).getByTestId('hex-dump');
    expect(within(hex).getAllByRole('row')).toHaveLength(1);
    // Hovering the resource field marks its bytes: key 0x22, PSON "temp" (1 + 4 bytes).
    fireEvent.mouseEnter(within(detail).getByText('resource'));
    expect([...hex.querySelectorAll('.hex-bytes mark')].map((m) => m.textContent)).toEqual([
      '22',
      '84',
      '74',
      '65',
      '6d',
      '70',
    ]);
    await user.click(within(detail).getByRole('button', { name: 'Show' }));
    expect(dataRows()[3]!.getAttribute('aria-selected')).toBe('true');
    expect(
      within(screen.getByRole('region', { name: 'Frame detail' })).getByText('RUN, 38 ms earlier'),
    ).toBeTruthy();
  });

  it('shows a malformed frame in red words: its error code and raw hex', async () => {
    const user = userEvent.setup();
    show('#/inspector', undefined, { 'site/a': [malformed(1)] });
    await waitFor(() => expect(dataRows()).toHaveLength(1));
    await user.click(within(dataRows()[0]!).getByText(/^UNKNOWN_WIRE_TYPE/));
    const detail = screen.getByRole('region', { name: 'Frame detail' });
    expect(within(detail).getByText('Malformed frame')).toBeTruthy();
    // The broker's body offset 0 is byte 2 of the frame, after the two header bytes.
    expect(within(detail).getByText('at byte 2', { exact: false })).toBeTruthy();
    expect(within(detail).getByTestId('hex-dump').querySelector('.hb-error')?.textContent).toBe(
      '0f',
    );
    expect(within(detail).getByText('Not decoded: the bytes below are as received.')).toBeTruthy();
    expect(within(detail).getByTestId('hex-dump').textContent).toContain('06030f0000');
  });

  it('Space pauses the list: frames wait, counted, until Jump to live', async () => {
    const user = userEvent.setup();
    show();
    await waitFor(() => expect(dataRows()).toHaveLength(4));
    await user.keyboard(' ');
    expect(screen.getByRole('button', { name: 'Resume' })).toBeTruthy();
    emit(inspected(6, 'out', run(6, 'led')));
    emit(inspected(7, 'in', ok(6)));
    emit(inspected(8, 'in', keepAlive()));
    const jump = await screen.findByRole('button', { name: 'Jump to live (2 new)' });
    expect(dataRows()).toHaveLength(4);
    await user.click(jump);
    await waitFor(() => expect(dataRows()).toHaveLength(6));
    expect(screen.queryByRole('button', { name: /Jump to live/ })).toBeNull();
  });

  it('`/` focuses the filter; a filter that hides everything offers Clear filters', async () => {
    const user = userEvent.setup();
    show();
    await waitFor(() => expect(dataRows()).toHaveLength(4));
    await user.keyboard('/');
    const filter = screen.getByRole('searchbox', { name: 'Find or filter frames' });
    expect(document.activeElement).toBe(filter);
    await user.type(filter, 'celsius');
    expect(dataRows()).toHaveLength(1);
    await user.type(filter, ' nothing-like-this');
    expect(screen.getByRole('heading', { name: 'No frame matches the filters.' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(dataRows()).toHaveLength(4);
  });

  it('one box finds and filters: Mod+F goes to it; without "Only matching rows" the others stay', async () => {
    const user = userEvent.setup();
    show();
    await waitFor(() => expect(dataRows()).toHaveLength(4));
    expect(screen.getAllByRole('searchbox')).toHaveLength(1);
    await user.click(screen.getByRole('checkbox', { name: 'Only matching rows' }));
    await user.keyboard('{Control>}f{/Control}');
    const find = screen.getByRole('searchbox', { name: 'Find or filter frames' });
    expect(document.activeElement).toBe(find);
    await user.type(find, 'ok');
    expect(screen.getByText('2 matches')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(screen.getByText('1 of 2')).toBeTruthy();
    expect(dataRows()).toHaveLength(4);
    expect(dataRows()[1]!.getAttribute('aria-selected')).toBe('true');
  });

  it('a route preselects a device; an offline one says these are its last session', async () => {
    show('#/inspector?device=site/b', [device('site/a', true), device('site/b', false)], {
      'site/a': session(),
      'site/b': [inspected(1, 'in', keepAlive()), inspected(2, 'out', run(1, 'x'))],
    });
    await waitFor(() => expect(dataRows()).toHaveLength(1));
    expect(
      screen.getByText('site/b is offline; these are the frames of its last session.'),
    ).toBeTruthy();
    expect(fake.subscriptions('inspector.follow').map((s) => s.params)).toEqual([
      { user: 'site', device: 'b' },
    ]);
    expect(screen.getByRole('button', { name: 'Devices: site/b' })).toBeTruthy();
  });

  it('says plainly when the broker thinned a fast device’s history, and names no other device', async () => {
    const sample = (seq: number) => inspected(seq, 'in', streamData(3, seq));
    const thinned = { count: 1234, since: T0 + 1_000, perSecond: 100 };
    show('#/inspector', [device('site/fast', true), device('site/slow', true)], undefined, {
      'inspector.frames': ({ device: d }) =>
        d === 'fast'
          ? { frames: [sample(1), sample(12), sample(23)], thinned }
          : { frames: [sample(1), sample(2)], thinned: null },
    });
    await waitFor(() => expect(dataRows()).toHaveLength(5));
    const notice = screen.getByText(/streamed faster than/);
    expect(notice.textContent).toBe(
      `site/fast streamed faster than 100 samples/s: its history keeps 100 a second (1 234 not kept since ${clockTime(T0 + 1_000)}); live following shows every sample.`,
    );
    // Gaps in its seq are not frames lost: nothing says "dropped".
    expect(screen.queryByText(/dropped/)).toBeNull();
    expect(screen.queryByText(/site\/slow streamed/)).toBeNull();

    // Clearing the list drops the notice with the frames it was about.
    await userEvent.setup().click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(screen.queryByText(/streamed faster than/)).toBeNull());
  });

  it('several thinned devices share one notice', async () => {
    const thinned = { count: 5, since: T0, perSecond: 100 };
    show('#/inspector', [device('site/a', true), device('site/b', true)], undefined, {
      'inspector.frames': () => ({ frames: session(), thinned }),
    });
    expect(
      await screen.findByText(
        '2 devices streamed faster than 100 samples/s: their history keeps 100 a second each; live following shows every sample.',
      ),
    ).toBeTruthy();
  });

  it('the detail pane is resized with its handle, from the keyboard too', async () => {
    const user = userEvent.setup();
    show();
    // Nothing selected: a one-line hint and no handle, so the rows get the room.
    await screen.findByText(/Select a frame/);
    expect(screen.queryByRole('separator', { name: 'Resize the frame detail' })).toBeNull();
    const grid = screen.getByRole('grid');
    await user.click(within(grid).getAllByRole('row')[1]!);
    const handle = await screen.findByRole('separator', { name: 'Resize the frame detail' });
    const before = Number(handle.getAttribute('aria-valuenow'));
    handle.focus();
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(Number(handle.getAttribute('aria-valuenow'))).toBe(before + 48);
    await user.keyboard('{End}');
    expect(handle.getAttribute('aria-valuenow')).toBe(handle.getAttribute('aria-valuemin'));
    // A double click gives it back its automatic height.
    await user.dblClick(handle);
    expect(Number(handle.getAttribute('aria-valuenow'))).toBe(before);
  });

  it('says what to expect when no frame is kept yet', async () => {
    show('#/inspector', [], {});
    expect(await screen.findByRole('heading', { name: 'No frames yet.' })).toBeTruthy();
    expect(screen.getByText('They appear as soon as a device connects.')).toBeTruthy();
  });

  it('a failed history read is an error with Retry; live frames still arrive', async () => {
    const user = userEvent.setup();
    let fail = true;
    show('#/inspector', undefined, undefined, {
      'inspector.frames': () =>
        fail
          ? Promise.reject(Object.assign(new Error('the store is busy'), { code: 'INTERNAL' }))
          : { frames: session(), thinned: null },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not read the frames of site/a.');
    emit(inspected(9, 'out', run(9, 'led')));
    await waitFor(() => expect(dataRows()).toHaveLength(1));
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(dataRows()).toHaveLength(5));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('Mod+Shift+E exports the shown frames as JSON lines with hex', async () => {
    const user = userEvent.setup();
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (blobs.push(b), 'blob:x'));
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    show();
    await waitFor(() => expect(dataRows()).toHaveLength(4));
    await user.keyboard('{Control>}{Shift>}E{/Shift}{/Control}');
    expect(click).toHaveBeenCalledOnce();
    const lines = (await blobs[0]!.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['CONNECT', 'OK', 'RUN', 'OK']);
    expect(lines[2].hex).toBe(session()[3]!.hex);
    click.mockRestore();
  });
});
