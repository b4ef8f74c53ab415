/**
 * What the AVR flash tests on virtual boards wire together: one lease table, an opener that
 * counts the ports it opened, the flasher and the serial monitor sharing them. `shutDown` closes
 * the monitors, stops the boards, and checks that every lease and port was given back.
 */
import { expect } from 'vitest';
import { Flasher } from '../jobs/Flasher';
import { SerialMonitor } from '../../serial/SerialMonitor';
import { PortLeases } from '../../serial/SerialPortLease';
import { stopBoards, trackingOpener, type VirtualBoard } from './vboard';

export function avrFlashRig() {
  const leases = new PortLeases();
  const opener = trackingOpener();
  const flasher = new Flasher({ leases, open: opener.open });
  const monitor = new SerialMonitor({ leases, open: opener.open });
  return {
    leases,
    opener,
    flasher,
    monitor,
    async shutDown(...boards: (VirtualBoard | undefined)[]): Promise<void> {
      await monitor.closeAll();
      await stopBoards(...boards);
      expect(leases.size).toBe(0);
      expect(opener.live()).toBe(0);
    },
  };
}
