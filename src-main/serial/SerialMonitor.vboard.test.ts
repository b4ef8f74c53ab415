/** The monitor on a real pty (the virtual board): the board going away is a status, not a crash. */
import { afterAll, describe, expect, test } from 'vitest';
import { firmwarePath, startBoard, stopBoards, type VirtualBoard } from '../flash/testing/vboard';
import { SerialMonitor } from './SerialMonitor';
import { PortLeases } from './SerialPortLease';

describe('serial monitor on the virtual board', { timeout: 20_000 }, () => {
  const boards: VirtualBoard[] = [];
  const leases = new PortLeases();
  const monitor = new SerialMonitor({ leases });

  afterAll(async () => {
    await monitor.closeAll();
    await stopBoards(...boards);
    expect(leases.size).toBe(0);
  });

  test('banner and echo; then the board disappears: status "unplugged", no crash, close frees the port', async () => {
    const board = await startBoard('uno', { app: firmwarePath('uno', 'hello') });
    boards.push(board);
    const s = await monitor.open(board.port, { baudRate: 115200 });
    const banner = await s.waitForLine(/^BANNER /, 6000);
    expect(banner.text).toBe('BANNER fw=hello version=1.0.0 mcu=atmega328p');
    await s.send('hello board');
    await s.waitForLine(/^hello board$/, 2000);

    const unplugged = new Promise<string>((resolve) =>
      s.onStatus((e) => e.status === 'unplugged' && resolve(e.message)),
    );
    await stopBoards(board);
    expect(await unplugged).toBe('Port unplugged · reopens when it comes back');
    expect(s.lines().length).toBeGreaterThanOrEqual(2); // the buffer survives
    await s.close();
    expect(leases.size).toBe(0);
  });
});
