import { describe, expect, test, vi } from 'vitest';
import { PortLeases, type LeaseHolder } from './SerialPortLease';

const identity = (p: string) => p;

describe('SerialPortLease', () => {
  test('one owner per port: the second gets "port busy: held by …" naming the first', () => {
    const leases = new PortLeases(identity);
    const lease = leases.acquire('/dev/ttyACM0', { kind: 'monitor', label: 'the serial monitor' });
    expect(() => leases.acquire('/dev/ttyACM0', { kind: 'flasher', label: 'the flasher' })).toThrow(
      expect.objectContaining({
        code: 'PORT_BUSY',
        message: 'port busy: held by the serial monitor',
      }),
    );
    expect(leases.acquire('/dev/ttyACM1', { kind: 'flasher', label: 'the flasher' }).path).toBe(
      '/dev/ttyACM1',
    );
    lease.release();
    lease.release(); // idempotent: safe in every finally
    expect(leases.holderOf('/dev/ttyACM0')).toBeUndefined();
    expect(leases.size).toBe(1);
  });

  test('a holder that cannot suspend keeps its port', async () => {
    const leases = new PortLeases(identity);
    leases.acquire('/dev/ttyUSB0', { kind: 'flasher', label: 'the flasher' });
    await expect(
      leases.takeOver('/dev/ttyUSB0', { kind: 'monitor', label: 'the serial monitor' }),
    ).rejects.toThrow('port busy: held by the flasher');
  });

  test('takeOver suspends the monitor, and releasing hands the port straight back to it', async () => {
    const leases = new PortLeases(identity);
    const monitor: LeaseHolder = {
      kind: 'monitor',
      label: 'the serial monitor',
      suspend: vi.fn(async () => undefined),
      resume: vi.fn(),
    };
    const first = leases.acquire('/dev/ttyACM0', monitor);
    const flash = await leases.takeOver('/dev/ttyACM0', { kind: 'flasher', label: 'the flasher' });
    expect(monitor.suspend).toHaveBeenCalledOnce();
    expect(leases.holderOf('/dev/ttyACM0')?.label).toBe('the flasher');
    first.release(); // the monitor's old lease no longer counts
    expect(leases.holderOf('/dev/ttyACM0')?.label).toBe('the flasher');
    // While the flasher holds it, nobody else gets in.
    expect(() => leases.acquire('/dev/ttyACM0', { kind: 'other', label: 'x' })).toThrow(
      /held by the flasher/,
    );
    flash.release();
    expect(monitor.resume).toHaveBeenCalledOnce();
    expect(leases.holderOf('/dev/ttyACM0')).toBe(monitor);
    const back = vi.mocked(monitor.resume!).mock.calls[0]![0];
    back.release();
    expect(leases.size).toBe(0);
  });

  test('a suspend that fails leaves the port with its holder', async () => {
    const leases = new PortLeases(identity);
    const monitor: LeaseHolder = {
      kind: 'monitor',
      label: 'the serial monitor',
      suspend: async () => {
        throw new Error('cannot close');
      },
      resume: vi.fn(),
    };
    leases.acquire('/dev/ttyACM0', monitor);
    await expect(
      leases.takeOver('/dev/ttyACM0', { kind: 'flasher', label: 'the flasher' }),
    ).rejects.toThrow('cannot close');
    expect(leases.holderOf('/dev/ttyACM0')).toBe(monitor);
  });

  test('a symlink and its target are the same port', () => {
    const leases = new PortLeases((p) => (p === '/tmp/board/tty' ? '/dev/pts/3' : p));
    leases.acquire('/tmp/board/tty', { kind: 'flasher', label: 'the flasher' });
    expect(() =>
      leases.acquire('/dev/pts/3', { kind: 'monitor', label: 'the serial monitor' }),
    ).toThrow(/held by the flasher/);
  });
});
