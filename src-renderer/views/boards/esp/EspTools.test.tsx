// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EspBackupInfo } from '@contract/espCalls';
import type { Port } from '@contract/serialSchemas';
import { parseHash } from '../../../navigation/router';
import { useFlashing } from '../../../state/flashing';
import { usePorts } from '../../../state/ports';
import { fakeApi, installFakeApi, type FakeApi } from '../../../testing/fakeApi';
import { BoardsView } from '../BoardsView';
import { BOARDS, boardState, CH340, job, port } from '../testing';
import {
  checkRegion,
  eraseChoiceOf,
  eraseConfirmation,
  espFamilyOf,
  parseFlashNumber,
} from './espTools';

const PATH = '/dev/ttyUSB1';
const MAC = '24:0a:c4:12:34:56';
const ESP: Port = port(PATH, {
  ...CH340,
  path: PATH,
  board: 'esp32',
  detectedBoard: 'esp32',
  espChip: {
    chip: 'esp32',
    name: 'ESP32',
    mac: MAC,
    flashSize: 1048576,
    flashId: 'ef4014',
    crystalMhz: 40,
  },
});

const backup = (patch: Partial<EspBackupInfo>): EspBackupInfo => ({
  file: '/data/esp-backups/b.bin',
  chip: 'esp32',
  chipName: 'ESP32',
  mac: MAC,
  flashSize: 1048576,
  date: '2026-12-06T10:00:00.000Z',
  port: PATH,
  serialNumber: null,
  ...patch,
});
const MINE = backup({ file: '/data/esp-backups/mine.bin' });
const S3 = backup({
  file: '/data/esp-backups/s3.bin',
  chip: 'esp32s3',
  chipName: 'ESP32-S3',
  mac: '34:85:18:00:00:01',
});
const BIG = backup({
  file: '/data/esp-backups/big.bin',
  mac: '24:0a:c4:00:00:09',
  flashSize: 4194304,
});

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi(
    fakeApi({
      'ports.list': () => ({ ports: [ESP], listError: null }),
      'flash.boards': () => ({ boards: BOARDS }),
      'flash.jobs': () => ({ jobs: [] }),
      'esp.backups': () => ({ folder: '/data/esp-backups', backups: [MINE, S3, BIG] }),
      'esp.start': ({ operation }) => ({
        job: job('job-7', [boardState(PATH, { board: 'esp32', boardName: 'ESP32' })], {
          operation: operation.kind,
          firmware: { name: 'flash of ESP32', sha256: '', sizeBytes: 0, target: null },
        }),
      }),
    }),
  );
  usePorts.setState({ ports: [], listError: null, loadError: null, loaded: false, boards: [] });
  useFlashing.setState({ jobs: [], logs: {} });
  window.location.hash = '#/boards';
});
afterEach(() => act(() => usePorts.setState({ ports: [], loaded: false })));

async function openTool(name: RegExp): Promise<HTMLElement> {
  render(<BoardsView route={parseHash('#/boards')} />);
  const row = await screen.findByRole('listitem', { name: `ESP32 on ${PATH}` });
  await userEvent.click(within(row).getByRole('button', { name }));
  return screen.getByRole('dialog');
}

describe('ESP flash tools on a board row', () => {
  it('Back up flash… says what is read and where, lists this board’s backups, starts a job shown with its progress', async () => {
    const dialog = await openTool(/^Back up the flash of the board on/);
    expect(within(dialog).getByRole('heading').textContent).toBe(
      `Back up the flash of ESP32 on ${PATH}`,
    );
    expect(dialog.textContent).toContain(`ESP32 · MAC ${MAC} · 1 MB flash`);
    expect(dialog.textContent).toContain('Reads all 1 MB');
    const table = await within(dialog).findByRole('table', { name: 'Backups of this board' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Back up' }));
    expect(fake.calls.find((c) => c.name === 'esp.start')?.input).toEqual({
      port: PATH,
      board: 'esp32',
      operation: { kind: 'backup' },
    });
    const bar = await within(dialog).findByRole('progressbar', {
      name: `Backing up ESP32 on ${PATH}`,
    });
    expect(bar).toBeTruthy();
    const phases = within(dialog).getByRole('list', { name: 'Phases' });
    expect(phases.textContent).toBe('ResettingSyncing with bootloaderChecking chipBacking upDone');
    expect(
      within(dialog).getByRole('button', { name: `Cancel backing up ESP32 on ${PATH}` }),
    ).toBeTruthy();
  });

  it('Restore… refuses another chip family and a backup larger than the flash in words, then confirms naming the board', async () => {
    const dialog = await openTool(/^Restore a backup onto the board on/);
    await within(dialog).findByRole('table', { name: 'Other backups' });
    const s3 = within(dialog).getByRole('radio', { name: /^Backup of 34:85:18:00:00:01/ });
    expect(s3).toHaveProperty('disabled', true);
    expect(dialog.textContent).toContain(
      'Taken from an ESP32-S3: it goes back only onto an ESP32-S3, not this ESP32.',
    );
    const big = within(dialog).getByRole('radio', { name: /^Backup of 24:0a:c4:00:00:09/ });
    expect(big).toHaveProperty('disabled', true);
    expect(dialog.textContent).toContain(
      'Holds 4 MB of flash; this board has 1 MB: it does not fit.',
    );
    const next = within(dialog).getByRole('button', { name: 'Next' });
    expect(next).toHaveProperty('disabled', true);
    await userEvent.click(
      within(dialog).getByRole('radio', { name: new RegExp(`^Backup of ${MAC}`) }),
    );
    await userEvent.click(next);
    expect(within(dialog).getByRole('alert').textContent).toMatch(
      new RegExp(
        `^Restore the backup taken .* onto ESP32 on ${PATH}\\? Everything on its flash now is replaced\\.$`,
      ),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: `Restore onto ESP32 on ${PATH}` }),
    );
    expect(fake.calls.find((c) => c.name === 'esp.start')?.input).toEqual({
      port: PATH,
      board: 'esp32',
      operation: { kind: 'restore', backupFile: MINE.file },
    });
    const phases = await within(dialog).findByRole('list', { name: 'Phases' });
    expect(phases.textContent).toBe(
      'ResettingSyncing with bootloaderChecking chipWritingVerifyingDone',
    );
  });

  it('Restore… also takes a backup file elsewhere on the machine (one saved before a flash), by absolute path', async () => {
    const dialog = await openTool(/^Restore a backup onto the board on/);
    const field = await within(dialog).findByRole('textbox', {
      name: /^Or a backup file elsewhere on /,
    });
    const next = within(dialog).getByRole('button', { name: 'Next' });
    await userEvent.type(field, 'backups/x.bin');
    expect(dialog.textContent).toContain('Type the absolute path of a backup .bin');
    expect(next).toHaveProperty('disabled', true);
    await userEvent.clear(field);
    await userEvent.type(field, '/home/tech/backups/esp32_x_backup.bin');
    await userEvent.click(next);
    expect(within(dialog).getByRole('alert').textContent).toBe(
      `Restore the backup /home/tech/backups/esp32_x_backup.bin onto ESP32 on ${PATH}? Everything on its flash now is replaced.`,
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: `Restore onto ESP32 on ${PATH}` }),
    );
    expect(fake.calls.find((c) => c.name === 'esp.start')?.input).toMatchObject({
      operation: { kind: 'restore', backupFile: '/home/tech/backups/esp32_x_backup.bin' },
    });
  });

  it('Erase… checks a region (sectors, the flash size) and confirms naming the board', async () => {
    const dialog = await openTool(/^Erase the flash of the board on/);
    await userEvent.click(within(dialog).getByRole('radio', { name: /^A region/ }));
    const offset = within(dialog).getByRole('textbox', { name: 'Offset' });
    const length = within(dialog).getByRole('textbox', { name: 'Length' });
    const next = within(dialog).getByRole('button', { name: 'Next' });
    await userEvent.clear(offset);
    await userEvent.type(offset, '0x9800');
    expect(dialog.textContent).toContain('Offset must be a multiple of 0x1000 (4 KB sectors).');
    expect(next).toHaveProperty('disabled', true);
    await userEvent.clear(offset);
    await userEvent.type(offset, '0xff000');
    expect(dialog.textContent).toContain('The region ends at 0x105000, past the 1 MB flash.');
    await userEvent.clear(offset);
    await userEvent.type(offset, '0x10000');
    await userEvent.clear(length);
    await userEvent.type(length, '65536');
    await userEvent.click(next);
    expect(within(dialog).getByRole('alert').textContent).toContain(
      `Erase 0x10000–0x20000 on ESP32 on ${PATH}? What is stored there is lost.`,
    );
    await userEvent.click(within(dialog).getByRole('button', { name: `Erase ESP32 on ${PATH}` }));
    expect(fake.calls.find((c) => c.name === 'esp.start')?.input).toEqual({
      port: PATH,
      board: 'esp32',
      operation: { kind: 'erase', region: { offset: 0x10000, length: 0x10000 } },
    });
    expect(
      await within(dialog).findByRole('progressbar', { name: `Erasing ESP32 on ${PATH}` }),
    ).toBeTruthy();
  });

  it('an Arduino row has no ESP tools; a running tool job shows as "Show progress"', async () => {
    const uno = port('/dev/ttyACM0');
    fake.handle('ports.list', () => ({ ports: [uno, ESP], listError: null }));
    fake.handle('flash.jobs', () => ({
      jobs: [
        job('job-3', [boardState(PATH, { board: 'esp32', boardName: 'ESP32' })], {
          operation: 'erase',
        }),
      ],
    }));
    render(<BoardsView route={parseHash('#/boards')} />);
    const unoRow = await screen.findByRole('listitem', { name: 'Arduino Uno on /dev/ttyACM0' });
    expect(within(unoRow).queryByRole('button', { name: /^Back up/ })).toBeNull();
    const row = screen.getByRole('listitem', { name: `ESP32 on ${PATH}` });
    await userEvent.click(
      await within(row).findByRole('button', { name: `Show the job running on ${PATH}` }),
    );
    expect(
      within(screen.getByRole('dialog')).getByRole('progressbar', {
        name: `Erasing ESP32 on ${PATH}`,
      }),
    ).toBeTruthy();
  });
});

describe('ESP tools, pure', () => {
  it('numbers in hex or decimal; a region on sectors within the flash', () => {
    expect(parseFlashNumber('0x1F000')).toBe(0x1f000);
    expect(parseFlashNumber(' 4096 ')).toBe(4096);
    expect(parseFlashNumber('4k')).toBeNull();
    expect(checkRegion('0x9000', '0x6000', 1048576)).toEqual({
      region: { offset: 0x9000, length: 0x6000 },
    });
    expect(checkRegion('0', '0', null)).toEqual({ problem: 'Length must be at least 0x1000.' });
    expect(checkRegion('0x0', '0x100001', null)).toMatchObject({ problem: /Length must be/ });
  });

  it("Erase…'s choice: the whole flash whatever is typed, else the region or its problem", () => {
    expect(eraseChoiceOf(true, 'x', '', 4096)).toEqual({ choice: 'all', problem: null });
    expect(eraseChoiceOf(false, '0x1000', '4096', null)).toEqual({
      choice: { offset: 0x1000, length: 0x1000 },
      problem: null,
    });
    expect(eraseChoiceOf(false, '0x1000', '0x1000', 4096)).toMatchObject({ choice: null });
    expect(eraseConfirmation({ offset: 0x9000, length: 0x6000 }, 'ESP32 on /dev/x')).toBe(
      'Erase 0x9000–0xf000 on ESP32 on /dev/x? What is stored there is lost.',
    );
  });

  it('the ESP family: the chosen board, else the chip read; none for an Arduino', () => {
    expect(espFamilyOf({ board: 'esp8266', espChip: null }, BOARDS)).toBe('esp8266');
    expect(espFamilyOf({ board: null, espChip: ESP.espChip! }, BOARDS)).toBe('esp32');
    expect(espFamilyOf({ board: 'uno', espChip: null }, BOARDS)).toBeNull();
  });
});
