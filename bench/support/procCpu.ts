/**
 * CPU time of processes from Linux /proc, for benches that compare our process with peers
 * (mosquitto, the virtual ESP's simulators) and with what else ran on the machine meanwhile.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/** CPU seconds (user + system) process `pid` has used; null once it is gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return null;
  }
}

/** CPU seconds this Node process has used (every thread: the event loop and libuv's pool). */
export const ownCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Busy CPU seconds of the whole machine (every core, every process) since boot, from /proc/stat. */
export function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  // user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
  const n = cpu.map(Number);
  return (n[0]! + n[1]! + n[2]! + n[5]! + n[6]! + n[7]!) / USER_HZ;
}
