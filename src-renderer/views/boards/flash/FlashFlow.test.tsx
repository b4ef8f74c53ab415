// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FirmwareInfo } from '@contract/flashSchemas';
import { ApiTransportError } from '../../../api/webSocketTransport';
import { useShortcuts } from '../../../actions/useShortcuts';
import {
  useFlashing,
  useFlashWizard,
  useRecentFirmware,
  WIZARD_DEFAULTS,
} from '../../../state/flashing';
import { mergeListing, usePorts } from '../../../state/ports';
import { fakeApi, installFakeApi, type FakeApi } from '../../../testing/fakeApi';
import { BOARDS, boardState, job, port, UNO_TARGET, VERIFIED, WRONG_BOARD } from '../testing';
import { BoardsStep } from './BoardsStep';
import { FirmwareStep } from './FirmwareStep';
import { RunStep } from './RunStep';

const BIG: FirmwareInfo = {
  name: 'big.hex',
  sizeBytes: 25326,
  sha256: '0f8b'.repeat(16),
  startAddress: 0,
  endAddress: 25326,
  // A file that does not say which chip it was built for (see UNO_TARGET for one that does).
  target: null,
  fits: [
    {
      board: 'uno',
      boardName: 'Arduino Uno',
      fits: true,
      wrongChip: false,
      usedBytes: 25326,
      capacityBytes: 32256,
      text: '25 326 of 32 256 bytes',
    },
    {
      board: 'mega2560',
      boardName: 'Arduino Mega 2560',
      fits: true,
      wrongChip: false,
      usedBytes: 25326,
      capacityBytes: 253952,
      text: '25 326 of 253 952 bytes',
    },
  ],
};
const HEX = ':100000000C9434000C943E000C943E000C943E0082\r\n:00000001FF\r\n';

const file = (name: string, text: string): File => new File([text], name, { type: 'text/plain' });

function setPorts(...ports: ReturnType<typeof port>[]): void {
  usePorts.setState({
    ports: mergeListing([], ports),
    boards: BOARDS,
    loaded: true,
    loadError: null,
  });
}

let fake: FakeApi;
beforeEach(() => {
  localStorage.clear();
  fake = installFakeApi(fakeApi());
  useFlashWizard.setState(WIZARD_DEFAULTS);
  useRecentFirmware.setState({ entries: [] });
  useFlashing.setState({ jobs: [], logs: {} });
});
afterEach(() => setPorts());

describe('Flash step 1: firmware', () => {
  it('a damaged file is refused naming its line; Next stays disabled', async () => {
    fake.handle('flash.inspectFirmware', () => {
      throw new ApiTransportError(
        'FIRMWARE_INVALID',
        'The firmware file is damaged: line 212 has a bad checksum. Nothing was written',
      );
    });
    render(<FirmwareStep onNext={() => {}} />);
    await userEvent.upload(screen.getByLabelText(/^Firmware file/), file('blink.hex', HEX));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'line 212 has a bad checksum. Nothing was written',
    );
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
    expect(useRecentFirmware.getState().entries).toEqual([]);
  });

  it('a file too large to be an Arduino image is refused before it is sent', async () => {
    render(<FirmwareStep onNext={() => {}} />);
    const huge = file('dump.hex', 'x');
    Object.defineProperty(huge, 'size', { value: 3 * 1024 * 1024 });
    await userEvent.upload(screen.getByLabelText(/^Firmware file/), huge);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'dump.hex is too large to be an Arduino image',
    );
    expect(fake.calls).toEqual([]);
  });

  it('a valid file shows its size and short SHA-256, enables Next and joins the Recent list', async () => {
    fake.handle('flash.inspectFirmware', ({ name }) => ({ ...BIG, name: name ?? null }));
    let next = 0;
    render(<FirmwareStep onNext={() => next++} />);
    await userEvent.upload(screen.getByLabelText(/^Firmware file/), file('big.hex', HEX));
    expect(
      await screen.findByText('Valid Intel HEX: checksums correct.', { exact: false }),
    ).toBeTruthy();
    expect(screen.getByText(/25 326 bytes/)).toBeTruthy();
    expect(screen.getAllByText('SHA-256 0f8b0f8b', { exact: false }).length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(next).toBe(1);
    expect(fake.calls[0]).toMatchObject({
      name: 'flash.inspectFirmware',
      input: { hex: HEX, name: 'big.hex' },
    });
    const recent = screen.getByRole('table');
    expect(within(recent).getByText('big.hex')).toBeTruthy();
    expect(within(recent).getByRole('button', { name: 'Use big.hex again' })).toBeTruthy();
  });
});

describe('Flash step 1: what the file was built for', () => {
  it('names the chip the file was built for, or says it does not say', async () => {
    fake.handle('flash.inspectFirmware', ({ name }) => ({
      ...BIG,
      name: name ?? null,
      target: name === 'uno.hex' ? UNO_TARGET : null,
    }));
    render(<FirmwareStep onNext={() => {}} />);
    await userEvent.upload(screen.getByLabelText(/^Firmware file/), file('uno.hex', HEX));
    expect(
      await screen.findByText(
        'Built for ATmega328P (Uno, Nano), judging by its interrupt vector table.',
      ),
    ).toBeTruthy();
    await userEvent.upload(screen.getByLabelText(/^Firmware file/), file('odd.hex', HEX));
    expect(await screen.findByText(/does not say which chip it was built for/)).toBeTruthy();
  });

  it('a fix that needs other firmware names the board, and warns when the new file is wrong too', async () => {
    useFlashWizard.setState({
      wanted: {
        port: '/dev/ttyACM1',
        board: 'mega2560',
        boardName: 'Arduino Mega 2560',
        previous: 'ATmega328P (Uno, Nano)',
      },
    });
    const megaWrong = BIG.fits.map((f) =>
      f.board === 'mega2560' ? { ...f, fits: false, wrongChip: true } : f,
    );
    fake.handle('flash.inspectFirmware', ({ name }) => ({
      ...BIG,
      name: name ?? null,
      target: UNO_TARGET,
      fits: megaWrong,
    }));
    let next = 0;
    render(<FirmwareStep onNext={() => next++} />);
    expect(screen.getByRole('status').textContent).toBe(
      '▲ Choose the firmware built for the Mega 2560 on /dev/ttyACM1. The last file was built for ATmega328P (Uno, Nano).',
    );
    await userEvent.upload(screen.getByLabelText(/^Firmware file/), file('uno.hex', HEX));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'This file is not built for the Mega 2560 either.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(next).toBe(1);
    expect(useFlashWizard.getState().wanted).toBeNull();
  });
});

describe('Flash step 2: boards and fit', () => {
  beforeEach(() =>
    useFlashWizard.setState({
      firmware: { name: 'big.hex', info: BIG },
      text: HEX,
      step: 'boards',
    }),
  );

  it('shows the fit for the board type of each ticked port, and a monitor-held port is choosable', async () => {
    fake.handle('ports.chooseBoard', ({ port: p, board }) => ({
      port: port(p, { board, rememberedBoard: board }),
    }));
    setPorts(
      port('/dev/ttyACM0'),
      port('/dev/ttyUSB0', {
        kind: 'bridge',
        chip: 'CH340',
        name: 'Generic USB-serial (CH340): choose the board',
        board: null,
        detectedBoard: null,
        state: 'monitor',
      }),
    );
    render(<BoardsStep onAddPort={() => {}} onNext={() => {}} />);
    const next = (): HTMLButtonElement => screen.getByRole('button', { name: /^Next: flash/ });
    expect(next().disabled).toBe(true);
    expect(screen.getByText('Pick at least one board.', { exact: false })).toBeTruthy();

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Flash Arduino Uno on /dev/ttyACM0' }),
    );
    expect(screen.getByText('Fits: 25 326 of 32 256 bytes')).toBeTruthy();
    expect(next().textContent).toBe('Next: flash 1 board');
    expect(next().disabled).toBe(false);

    expect(screen.getByText(/it pauses during flashing and resumes after/)).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('Board type on /dev/ttyUSB0'), 'mega2560');
    expect(screen.getByText('Fits: 25 326 of 253 952 bytes')).toBeTruthy();
    expect(next().textContent).toBe('Next: flash 2 boards');
    expect(fake.calls.at(-1)).toMatchObject({
      name: 'ports.chooseBoard',
      input: { port: '/dev/ttyUSB0', board: 'mega2560' },
    });
  });

  it('a firmware that does not fit, a missing board type or backup folder keep Next disabled, saying why', async () => {
    useFlashWizard.setState({
      firmware: {
        name: 'huge.hex',
        info: {
          ...BIG,
          fits: [
            {
              ...BIG.fits[0]!,
              fits: false,
              text: 'does not fit: it reaches 40 000 bytes, the Arduino Uno has 32 256',
            },
          ],
        },
      },
      targets: { '/dev/ttyACM0': { selected: true, board: 'uno' } },
    });
    setPorts(port('/dev/ttyACM0'));
    render(<BoardsStep onAddPort={() => {}} onNext={() => {}} />);
    expect(screen.getByText(/Does not fit: does not fit: it reaches 40 000 bytes/)).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Next/ })).toHaveProperty('disabled', true);
    expect(
      screen.getByText(/The firmware does not fit: Arduino Uno on \/dev\/ttyACM0/),
    ).toBeTruthy();

    await userEvent.click(screen.getByRole('checkbox', { name: /Back up current firmware first/ }));
    expect(screen.getByText(/Type the folder the backups go to/)).toBeTruthy();
  });

  it('a board whose chip the file was not built for says "Wrong firmware" and keeps Next disabled', async () => {
    useFlashWizard.setState({
      firmware: {
        name: 'mega.hex',
        info: {
          ...BIG,
          fits: [
            {
              ...BIG.fits[0]!,
              fits: false,
              wrongChip: true,
              text: 'built for ATmega2560 (Mega 2560), the Arduino Uno has an ATmega328P',
            },
          ],
        },
      },
      targets: { '/dev/ttyACM0': { selected: true, board: 'uno' } },
    });
    setPorts(port('/dev/ttyACM0'));
    render(<BoardsStep onAddPort={() => {}} onNext={() => {}} />);
    expect(
      screen.getByText(
        'Wrong firmware: built for ATmega2560 (Mega 2560), the Arduino Uno has an ATmega328P',
      ),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Next/ })).toHaveProperty('disabled', true);
    expect(
      screen.getByText(/The firmware was built for another chip: Arduino Uno on \/dev\/ttyACM0/),
    ).toBeTruthy();
  });

  it('turning Verify off warns', async () => {
    setPorts(port('/dev/ttyACM0'));
    render(<BoardsStep onAddPort={() => {}} onNext={() => {}} />);
    await userEvent.click(screen.getByRole('checkbox', { name: /Verify after writing/ }));
    expect(screen.getByText(/Without verify a bad write goes unnoticed/)).toBeTruthy();
    expect(useFlashWizard.getState().verify).toBe(false);
  });

  it('with no port at all it shows the Boards empty state and Add port by path', () => {
    setPorts();
    render(<BoardsStep onAddPort={() => {}} onNext={() => {}} />);
    expect(screen.getByRole('heading', { name: 'No boards found.' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add port by path…' })).toBeTruthy();
  });
});

describe('Flash step 3: progress rows and results', () => {
  const wrongBoard = WRONG_BOARD;
  const verified = VERIFIED;

  beforeEach(() => {
    setPorts(port('/dev/ttyACM0'), port('/dev/ttyACM1', { serialNumber: 'B' }));
    useFlashWizard.setState({
      firmware: { name: 'big.hex', info: BIG },
      text: HEX,
      step: 'flash',
      targets: {
        '/dev/ttyACM0': { selected: true, board: 'uno' },
        '/dev/ttyACM1': { selected: true, board: 'uno' },
      },
    });
  });

  function Harness() {
    useShortcuts();
    return <RunStep />;
  }

  it('Mod+Enter starts "Flash 2 boards"; each board gets a progressbar named after it', async () => {
    fake.handle('flash.start', ({ targets }) => ({
      job: job(
        '5',
        targets.map((t) => boardState(t.port)),
      ),
    }));
    render(<Harness />);
    expect(screen.getByRole('button', { name: 'Flash 2 boards' })).toBeTruthy();
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    const bar = await screen.findByRole('progressbar', {
      name: 'Flashing Arduino Uno on /dev/ttyACM0',
    });
    expect(fake.calls.find((c) => c.name === 'flash.start')?.input).toMatchObject({
      hex: HEX,
      name: 'big.hex',
      verify: true,
      backupDir: null,
      targets: [
        { port: '/dev/ttyACM0', board: 'uno' },
        { port: '/dev/ttyACM1', board: 'uno' },
      ],
    });
    // Before writing the bar is indeterminate: no value.
    expect(bar.getAttribute('aria-valuenow')).toBeNull();
    expect(bar.getAttribute('aria-valuetext')).toBe('Resetting');

    act(() =>
      useFlashing.getState().apply({
        kind: 'progress',
        jobId: '5',
        port: '/dev/ttyACM0',
        phase: 'writing',
        percent: 47.2,
        phaseDone: 11_900,
        phaseTotal: 25_344,
        bytesPerSecond: 11_300,
        elapsedMs: 4_000,
        remainingMs: 4_500,
      }),
    );
    expect(bar.getAttribute('aria-valuenow')).toBe('47');
    expect(bar.getAttribute('aria-valuetext')).toBe('Writing · 47 %');
    const row = screen.getByRole('listitem', { name: 'Arduino Uno on /dev/ttyACM0' });
    expect(row.textContent).toContain('47 % · 11.3 kB/s · 4 s elapsed · 4 s left');
    expect(
      within(row).getByRole('button', { name: 'Cancel flashing Arduino Uno on /dev/ttyACM0' }),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel all' })).toBeTruthy();
  });

  it('results: verified with its time, the wrong board with its fix, "1 verified, 1 failed" naming the board, Retry failed', async () => {
    const done = job(
      '6',
      [
        boardState('/dev/ttyACM0', { phase: 'done', percent: 100, result: verified }),
        boardState('/dev/ttyACM1', { phase: 'syncing', percent: 0, result: wrongBoard }),
      ],
      { running: false, finishedAt: 2 },
    );
    useFlashing.setState({ jobs: [done] });
    useFlashWizard.setState({ jobId: '6' });
    fake.handle('flash.start', ({ targets }) => ({
      job: job(
        '7',
        targets.map((t) => boardState(t.port, { board: t.board })),
      ),
    }));
    fake.handle('ports.chooseBoard', ({ port: p, board }) => ({ port: port(p, { board }) }));
    render(<Harness />);

    expect(screen.getByText('Verified · 25 326 bytes in 6.1 s')).toBeTruthy();
    expect(
      screen.getByText(/This is an ATmega2560 \(Mega 2560\), not an Arduino Uno/),
    ).toBeTruthy();
    const summary = screen.getAllByRole('status').find((s) => s.textContent?.includes('verified'))!;
    expect(summary.textContent).toContain('1 verified, 1 failed');
    expect(summary.textContent).toContain('Failed: Arduino Uno on /dev/ttyACM1');
    expect(
      screen.getByRole('button', { name: 'Open serial monitor on /dev/ttyACM0' }),
    ).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Switch to Mega 2560 and retry' }));
    expect(fake.calls.find((c) => c.name === 'flash.start')?.input).toMatchObject({
      targets: [{ port: '/dev/ttyACM1', board: 'mega2560' }],
    });
    expect(fake.calls.find((c) => c.name === 'ports.chooseBoard')?.input).toEqual({
      port: '/dev/ttyACM1',
      board: 'mega2560',
    });
    expect(useFlashWizard.getState().jobId).toBe('7');
  });

  it('a wrong board with Uno firmware: "Switch to Mega 2560 and choose its firmware" asks for the Mega file instead of writing the Uno one', async () => {
    const done = job(
      '10',
      [
        boardState('/dev/ttyACM0', { phase: 'done', percent: 100, result: verified }),
        boardState('/dev/ttyACM1', { phase: 'syncing', percent: 0, result: wrongBoard }),
      ],
      { running: false, finishedAt: 2 },
    );
    useFlashing.setState({
      jobs: [{ ...done, firmware: { ...done.firmware, target: UNO_TARGET } }],
    });
    useFlashWizard.setState({ jobId: '10' });
    fake.handle('ports.chooseBoard', ({ port: p, board }) => ({ port: port(p, { board }) }));
    render(<Harness />);
    expect(screen.queryByRole('button', { name: 'Switch to Mega 2560 and retry' })).toBeNull();
    await userEvent.click(
      screen.getByRole('button', { name: 'Switch to Mega 2560 and choose its firmware' }),
    );
    expect(fake.calls.some((c) => c.name === 'flash.start')).toBe(false);
    expect(fake.calls.find((c) => c.name === 'ports.chooseBoard')?.input).toEqual({
      port: '/dev/ttyACM1',
      board: 'mega2560',
    });
    expect(useFlashWizard.getState()).toMatchObject({
      step: 'firmware',
      firmware: null,
      jobId: null,
      targets: {
        '/dev/ttyACM0': { selected: false, board: 'uno' },
        '/dev/ttyACM1': { selected: true, board: 'mega2560' },
      },
      wanted: {
        port: '/dev/ttyACM1',
        board: 'mega2560',
        boardName: 'Arduino Mega 2560',
        previous: 'ATmega328P (Uno, Nano)',
      },
    });
  });

  it('firmware built for another chip: "Choose firmware for the Uno", and Retry failed leaves that board out', async () => {
    const wrongChip = {
      ...wrongBoard,
      error: {
        ...wrongBoard.error,
        code: 'WRONG_CHIP',
        phase: 'firmware',
        message:
          'Built for ATmega2560 (Mega 2560), this board is an Uno: choose the firmware built for the Uno, or the board this file is for. Nothing was written',
      },
    };
    useFlashing.setState({
      jobs: [
        job('11', [boardState('/dev/ttyACM1', { result: wrongChip })], {
          running: false,
          finishedAt: 2,
        }),
      ],
    });
    useFlashWizard.setState({ jobId: '11' });
    fake.handle('ports.chooseBoard', ({ port: p, board }) => ({ port: port(p, { board }) }));
    render(<Harness />);
    expect(
      screen.getByText(/^Built for ATmega2560 \(Mega 2560\), this board is an Uno/),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry failed' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Choose firmware for the Uno' }));
    expect(useFlashWizard.getState()).toMatchObject({
      step: 'firmware',
      wanted: { port: '/dev/ttyACM1', board: 'uno', previous: null },
    });
  });

  it('Retry failed flashes only the failed boards again; Flash another batch keeps the firmware', async () => {
    useFlashing.setState({
      jobs: [
        job(
          '8',
          [
            boardState('/dev/ttyACM0', { result: verified, phase: 'done', percent: 100 }),
            boardState('/dev/ttyACM1', {
              result: {
                ...wrongBoard,
                error: {
                  ...wrongBoard.error,
                  code: 'VERIFY_FAILED',
                  message:
                    'Verify failed at 0x1a00: flash again; if it repeats the board may be faulty',
                },
              },
            }),
          ],
          { running: false },
        ),
      ],
    });
    useFlashWizard.setState({ jobId: '8' });
    fake.handle('flash.start', ({ targets }) => ({
      job: job(
        '9',
        targets.map((t) => boardState(t.port)),
      ),
    }));
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    expect(fake.calls.find((c) => c.name === 'flash.start')?.input).toMatchObject({
      targets: [{ port: '/dev/ttyACM1', board: 'uno' }],
    });
    act(() => useFlashWizard.setState({ jobId: '8' }));
    await userEvent.click(screen.getByRole('button', { name: 'Flash another batch' }));
    expect(useFlashWizard.getState()).toMatchObject({
      step: 'boards',
      jobId: null,
      firmware: { name: 'big.hex' },
    });
  });
});
