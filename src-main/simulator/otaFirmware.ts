/**
 * The device side of Thinger's OTA for simulated devices, behaving as the IOTMP-Arduino and
 * Arduino-Library OTA headers do (`$ota/options`, `$ota/begin`, `$ota/write`, `$ota/end`,
 * `$ota/reboot`; IOTMP.md §7.1 names with `/`): begin refuses while an update runs or when the
 * image does not fit ("Not Enough Space", as ESP's Update.begin), write takes PSON bytes only,
 * end refuses missing bytes and a wrong MD5 (of the compressed image when compressed), and
 * inflates zlib/gzip like the ESP32/ESP8266 ports. The installed image is kept for the test.
 */
import { createHash, type Hash } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { PsonMap, PsonValue } from '../protocol';
import type { SimResource } from './resources';

export interface OtaFirmwareOptions {
  version: string;
  blockSize?: number;
  /** Free OTA space in bytes (reported as `max_size`; begin refuses bigger images). */
  freeSpace: number;
  compression?: 'zlib' | 'gzip';
  /** Report `max_size` in options (a device without it fails at begin instead). */
  reportSize?: boolean;
  /** Make the write that reaches this byte fail (a flash error), once. */
  failWriteAt?: number;
  /** Told of each chunk taken (tests drop the connection mid-update from here). */
  onWrite?: (writes: number) => void;
}

export class OtaFirmware {
  version: string;
  /** The last image installed (decompressed), after a successful end. */
  installed: Uint8Array | null = null;
  reboots = 0;
  writes = 0;
  private running = false;
  private expected = 0;
  private received: Uint8Array[] = [];
  private bytes = 0;
  private md5: Hash | null = null;
  private checksum = '';
  private compression: 'zlib' | 'gzip' | null = null;
  private nextVersion = '';
  private failAt: number | undefined;

  constructor(private readonly o: OtaFirmwareOptions) {
    this.version = o.version;
    this.failAt = o.failWriteAt;
  }

  /** A reboot or a new connection: an update in progress is abandoned (the headers reboot). */
  reset(): void {
    this.running = false;
    this.received = [];
    this.bytes = 0;
  }

  resources(): SimResource[] {
    const fn = (name: string, f: 1 | 3 | 4, run: (input: PsonValue) => PsonValue): SimResource => ({
      name,
      kind: f === 1 ? 'action' : 'rpc',
      fn: f,
      push: undefined,
      describe: () => (f === 1 ? undefined : f === 3 ? { out: {} } : { in: {}, out: {} }),
      run,
      sample: () => undefined,
    });
    return [
      fn('$ota/options', 3, () => ({
        enabled: true,
        block_size: this.o.blockSize ?? 8192,
        timeout: 30_000,
        version: this.version,
        checksum: 'md5',
        platform: 'simulated',
        ...(this.o.compression ? { compression: this.o.compression } : {}),
        ...(this.o.reportSize === false ? {} : { max_size: this.o.freeSpace }),
      })),
      fn('$ota/begin', 4, (input) => this.begin(input)),
      fn('$ota/write', 4, (input) => this.write(input)),
      fn('$ota/end', 3, () => this.end()),
      fn('$ota/reboot', 1, () => {
        this.reboots++;
        this.reset();
        return undefined;
      }),
    ];
  }

  private begin(input: PsonValue): PsonMap {
    const m = (input ?? {}) as PsonMap;
    if (this.running || typeof m.size !== 'number') return { success: false };
    const compression = typeof m.compression === 'string' ? m.compression : '';
    if (compression && compression !== this.o.compression)
      return { success: false, error: 'Unsupported compression' };
    if (m.size > this.o.freeSpace) return { success: false, error: 'Not Enough Space' };
    this.compression = compression ? (compression as 'zlib' | 'gzip') : null;
    this.expected = this.compression ? Number(m.compressed_size) : m.size;
    const sum = this.compression ? m.compressed_checksum : m.checksum;
    this.checksum = typeof sum === 'string' && sum.length === 32 ? sum : '';
    this.md5 = this.checksum ? createHash('md5') : null;
    this.nextVersion = typeof m.version === 'string' ? m.version : '';
    this.received = [];
    this.bytes = 0;
    this.running = true;
    return { success: true };
  }

  private write(input: PsonValue): PsonMap {
    if (!this.running) return { success: false, error: 'no OTA update in progress' };
    if (!(input instanceof Uint8Array)) {
      this.running = false;
      return { success: false, error: 'Invalid input type received' };
    }
    this.writes++;
    if (this.failAt !== undefined && this.bytes + input.length > this.failAt) {
      this.failAt = undefined;
      this.running = false;
      return { success: false, error: 'Flash write failed' };
    }
    this.received.push(Uint8Array.from(input));
    this.bytes += input.length;
    this.md5?.update(input);
    this.o.onWrite?.(this.writes);
    return { success: true };
  }

  private end(): PsonMap {
    if (!this.running) return { success: false, error: 'No OTA update in progress' };
    if (this.bytes !== this.expected)
      return { success: false, error: 'Cannot end OTA with missing bytes' };
    this.running = false;
    if (this.md5 && this.md5.digest('hex') !== this.checksum.toLowerCase())
      return { success: false, error: 'Invalid MD5 checksum' };
    const all = Buffer.concat(this.received);
    this.installed =
      this.compression === 'zlib'
        ? inflateSync(all)
        : this.compression === 'gzip'
          ? gunzipSync(all)
          : all;
    this.version = this.nextVersion || this.version;
    return { success: true };
  }
}
