/**
 * The lost wake-up behind the intermittent "no answer to FLASH_DEFL_DATA" (SerialLink
 * watchAwaitedEvents), on serialport's own unix Poller and a real pty: a write that filled the
 * port waits for "writable"; the read loop then waits for "readable"; the other side reads
 * everything but sends nothing. The write must be told the port is writable again. The other side
 * is a small Python process holding the pty's master.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Poller } from '@serialport/bindings-cpp/dist/poller';
import { afterEach, expect, test } from 'vitest';
import { watchAwaitedEvents } from './SerialLink';

const PEER = `
import os, sys, tty
master, slave = os.openpty()
tty.setraw(slave)
print(os.ttyname(slave), flush=True)
sys.stdin.readline()               # the test filled the buffer and waits
while True:                        # read everything, send nothing
    os.read(master, 65536)
`;

let peer: ChildProcess | undefined;
afterEach(() => {
  peer?.kill();
});

/** Fills the pty from the slave side until the kernel says EAGAIN. */
function fill(fd: number): void {
  const chunk = Buffer.alloc(4096, 0x55);
  for (let i = 0; i < 10_000; i++) {
    try {
      writeSync(fd, chunk);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return;
      throw e;
    }
  }
  throw new Error('the pty never filled');
}

test('a write waiting for "writable" hears it after the read loop started waiting for "readable"', async () => {
  peer = spawn('python3', ['-c', PEER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const path = (await createInterface({ input: peer.stdout! })[Symbol.asyncIterator]().next())
    .value as string;
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  const poller = new Poller(fd);
  watchAwaitedEvents(poller);
  try {
    fill(fd);
    // As unixWrite after EAGAIN, then unixRead after a read came back empty.
    const writable = new Promise<boolean>((r) => poller.once('writable', () => r(true)));
    poller.once('readable', () => undefined);
    peer.stdin!.write('drain\n');
    const heard = await Promise.race([
      writable,
      new Promise<boolean>((r) => setTimeout(() => r(false), 5_000)),
    ]);
    expect(heard, '"writable" was not watched any more: the write would wait forever').toBe(true);
  } finally {
    poller.stop();
    poller.destroy();
    closeSync(fd);
  }
});
