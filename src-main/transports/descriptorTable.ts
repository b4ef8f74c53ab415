/**
 * The process's file-descriptor table, grown once at start to hold every device socket.
 *
 * Linux grows a process's descriptor table by doubling when a descriptor past its end is handed
 * out, and when the table is shared by several threads (every Node process: V8's and libuv's
 * threads share it) each growth waits for an RCU grace period (`expand_fdtable` →
 * `synchronize_rcu`), sleeping in the thread that asked: 5–19 ms each at 256, 512, … 16,384
 * descriptors on the development VM. The broker's accepts run on the event loop, so a burst of
 * new connections (a reconnect storm, 5,000 silent sockets) froze every device for that long,
 * once per doubling — the latest samples of `bench:hostile`'s silent class
 * (docs/performance.md, session 10). Growing the table before the listeners open costs ~0.1 s
 * once and nothing after: the table never shrinks.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';

/** Descriptors left free under the open-files limit while the table grows: nothing else fails. */
const HEADROOM = 64;
let reserved = 0;

/**
 * Makes the descriptor table at least `count` entries long (less if the open-files limit is
 * lower): opens `/dev/null` until the highest descriptor reaches `count`, then closes them all.
 * Linux only (elsewhere a no-op); the work is done once per process per size. Returns the
 * table's size as the kernel reports it (`FDSize`), 0 where it cannot be read.
 */
export function reserveDescriptorTable(count: number): number {
  if (process.platform !== 'linux') return 0;
  const target = Math.min(count, openFilesLimit() - HEADROOM);
  if (target > reserved) {
    reserved = target;
    const opened: number[] = [];
    try {
      for (let fd = 0; fd < target;) {
        fd = openSync('/dev/null', 'r');
        opened.push(fd);
      }
    } catch {
      // EMFILE/ENFILE all the same (the system-wide limit): the table is as long as it can be.
    } finally {
      for (const fd of opened) closeSync(fd);
    }
  }
  return descriptorTableSize();
}

/** The soft limit of open files (`ulimit -n`). */
function openFilesLimit(): number {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(
      readFileSync('/proc/self/limits', 'latin1'),
    );
    return !m || m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return 1024;
  }
}

/** The descriptor table's current size (`FDSize` in /proc/self/status), 0 if unknown. */
export function descriptorTableSize(): number {
  try {
    const m = /^FDSize:\s*(\d+)/m.exec(readFileSync('/proc/self/status', 'latin1'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
