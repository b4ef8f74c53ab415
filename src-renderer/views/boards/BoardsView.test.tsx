// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiTransportError } from '../../api/webSocketTransport';
import { parseHash } from '../../navigation/router';
import { clockTime } from '../../format/time';
import { useFlashing } from '../../state/flashing';
import { usePorts } from '../../state/ports';
import { fakeApi, installFakeApi, type FakeApi } from '../../testing/fakeApi';
import { BoardsStatus, flashingText } from './BoardsStatus';
import { BoardsView } from './BoardsView';
import { BOARDS, boardState, CH340, job, port } from './testing';

let fake: FakeApi;
function serve(ports: ReturnType<typeof port>[], listError: string | null = null): void {
  fake = installFakeApi(
    fakeApi({
      'ports.list': () => ({ ports, listError }),
      'flash.boards': () => ({ boards: BOARDS }),
      'flash.jobs': () => ({ jobs: [] }),
    }),
  );
}

beforeEach(() => {
  usePorts.setState({ ports: [], listError: null, loadError: null, loaded: false, boards: [] });
  useFlashing.setState({ jobs: [], logs: {} });
  window.location.hash = '#/boards';
});
afterEach(() => act(() => usePorts.setState({ ports: [], loaded: false })));

describe('Boards', () => {
  it("hides the computer's own ports (/dev/ttyS0) until asked; an ESP row shows its chip, MAC and flash", async () => {
    const ttyS0 = port('/dev/ttyS0', {
      name: 'Unknown port: choose the board',
      kind: 'unknown',
      vendorId: null,
      productId: null,
      vidPid: null,
      serialNumber: null,
      manufacturer: null,
      detectedBoard: null,
      board: null,
      system: true,
    });
    const esp = port('/dev/ttyUSB1', {
      ...CH340,
      path: '/dev/ttyUSB1',
      board: 'esp32',
      detectedBoard: 'esp32',
      espChip: {
        chip: 'esp32',
        name: 'ESP32',
        mac: '24:0a:c4:12:34:56',
        flashSize: 4194304,
        flashId: 'ef4016',
        crystalMhz: 40,
      },
    });
    serve([ttyS0, esp]);
    render(<BoardsView route={parseHash('#/boards')} />);
    const row = await screen.findByRole('listitem', { name: 'ESP32 on /dev/ttyUSB1' });
    expect(row.textContent).toContain('MAC24:0a:c4:12:34:56');
    expect(row.textContent).toContain('Flash4 MB');
    expect(
      within(row).getByRole('button', { name: 'Read the ESP chip on /dev/ttyUSB1' }),
    ).toBeTruthy();
    expect(screen.queryByText('/dev/ttyS0')).toBeNull();
    await userEvent.click(
      screen.getByRole('checkbox', { name: /Show the computer's own serial ports \(1\)/ }),
    );
    expect(await screen.findByText('/dev/ttyS0')).toBeTruthy();
  });

  it('one row per port: board, path, VID:PID, serial number, state, chooser; "Ports on <host>"', async () => {
    serve([port('/dev/ttyACM0', { state: 'monitor' }), CH340]);
    render(<BoardsView route={parseHash('#/boards')} />);
    const uno = await screen.findByRole('listitem', { name: 'Arduino Uno on /dev/ttyACM0' });
    expect(uno.textContent).toContain('2341:0043');
    expect(uno.textContent).toContain('85736323838351F0E1A1');
    expect(uno.textContent).toContain('serial monitor open');
    expect(within(uno).getByText('detected')).toBeTruthy();
    const generic = screen.getByRole('listitem', {
      name: 'Generic USB-serial (CH340): choose the board on /dev/ttyUSB0',
    });
    expect(generic.textContent).toContain('QinHeng Electronics');
    expect(screen.getByText('Ports on test')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Boards & Flash');
  });

  it('choosing the board remembers it by serial number ("remembered")', async () => {
    serve([CH340]);
    fake.handle('ports.chooseBoard', ({ board }) => ({
      port: { ...CH340, serialNumber: 'A50285BI', board, rememberedBoard: board },
    }));
    render(<BoardsView route={parseHash('#/boards')} />);
    await userEvent.selectOptions(
      await screen.findByLabelText('Board on /dev/ttyUSB0', { exact: true }),
      'mega2560',
    );
    const row = await screen.findByRole('listitem', { name: 'Arduino Mega 2560 on /dev/ttyUSB0' });
    const tag = within(row).getByText('remembered');
    expect(tag.getAttribute('title')).toContain('serial number A50285BI');
    expect(row.textContent).toContain('USB-serial bridge CH340');
  });

  it('live: a plugged board appears highlighted, an unplugged one greys with its time', async () => {
    serve([port('/dev/ttyACM0')]);
    render(<BoardsView route={parseHash('#/boards')} />);
    await screen.findByRole('listitem', { name: 'Arduino Uno on /dev/ttyACM0' });
    act(() => fake.emit('ports.changes', { kind: 'plugged', time: 1, port: CH340 }));
    const fresh = screen.getByRole('listitem', { name: /on \/dev\/ttyUSB0$/ });
    expect(fresh.className).toContain('port-fresh');
    act(() =>
      fake.emit('ports.changes', { kind: 'unplugged', time: 2, port: port('/dev/ttyACM0') }),
    );
    const gone = screen.getByRole('listitem', { name: 'Arduino Uno on /dev/ttyACM0' });
    const at = usePorts.getState().ports.find((p) => p.path === '/dev/ttyACM0')!.unpluggedAt!;
    expect(gone.textContent).toContain(`Unplugged ${clockTime(at)}`);
    expect(
      within(gone).getByRole('button', { name: 'Open monitor on /dev/ttyACM0' }),
    ).toHaveProperty('disabled', true);
  });

  it('empty: says what to do; Add port by path adds the pty, a wrong path is explained', async () => {
    serve([]);
    fake.handle('ports.addByPath', ({ port: p }) => {
      if (p !== '/tmp/vboard.X/tty')
        throw new ApiTransportError('NOT_FOUND', `no port at ${p}: check the path`);
      return {
        port: port(p, {
          addedByPath: true,
          name: 'Port added by path: choose the board',
          kind: 'unknown',
          vidPid: null,
          serialNumber: null,
          manufacturer: null,
          board: null,
          detectedBoard: null,
        }),
      };
    });
    render(<BoardsView route={parseHash('#/boards')} />);
    expect(await screen.findByRole('heading', { name: 'No boards found.' })).toBeTruthy();
    expect(screen.getByText(/charge-only cables show nothing/)).toBeTruthy();
    await userEvent.click(screen.getAllByRole('button', { name: 'Add port by path…' })[0]!);
    const path = screen.getByLabelText('Port path');
    await userEvent.type(path, '/dev/nope{Enter}');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'No port at /dev/nope: check the path',
    );
    await userEvent.clear(path);
    await userEvent.type(path, '/tmp/vboard.X/tty{Enter}');
    const row = await screen.findByRole('listitem', {
      name: 'Port added by path: choose the board on /tmp/vboard.X/tty',
    });
    expect(row.textContent).toContain('No USB identity');
    expect(within(row).getByRole('button', { name: 'Remove /tmp/vboard.X/tty' })).toBeTruthy();
  });

  it('a failed listing says so and that adding by path still works', async () => {
    serve([], 'Cannot list serial ports: spawn udevadm ENOENT. You can still add a port by path');
    render(<BoardsView route={parseHash('#/boards')} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot list serial ports: spawn udevadm ENOENT');
    expect(within(alert).getByRole('button', { name: 'Add port by path…' })).toBeTruthy();
  });
});

describe('Boards status-bar item', () => {
  it('"N boards", and "Flashing 2/3 · 47 %" while a job runs', async () => {
    serve([port('/dev/ttyACM0'), CH340]);
    render(<BoardsStatus />);
    expect((await screen.findByTestId('status-boards')).textContent).toContain('2 boards');
    act(() =>
      useFlashing.setState({
        jobs: [
          job('1', [
            boardState('/dev/a', { percent: 100, result: null }),
            boardState('/dev/b', { percent: 41 }),
            boardState('/dev/c', {
              percent: 0,
              result: {
                ok: false,
                error: {
                  code: 'NO_BOOTLOADER',
                  message: 'x',
                  detail: null,
                  phase: 'syncing',
                  address: null,
                },
                durationMs: 1,
                backupFile: null,
              },
            }),
          ]),
        ],
      }),
    );
    expect(screen.getByTestId('status-flashing').textContent).toContain('Flashing 2/3 · 47 %');
    expect(flashingText([])).toBeNull();
    const backup = job('2', [boardState('/dev/d', { percent: 13 })], { operation: 'backup' });
    expect(flashingText([backup])).toBe('Backing up 1/1 · 13 %');
    expect(flashingText([backup, job('3', [boardState('/dev/e', { percent: 13 })])])).toBe(
      'Flashing 2/2 · 13 %',
    );
  });
});
