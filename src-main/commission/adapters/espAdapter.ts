/**
 * Espressif boards (ESP32, ESP32-S3, ESP8266) in a commissioning run: identify through the ROM
 * loader (chip, MAC), refuse a chip the plan's images were not built for before writing, flash
 * with MD5 verify, write the identity as an ESP-IDF NVS partition at the `nvs` partition of the
 * plan's own partition table (provision/), in the firmware's loader session when both are due;
 * `improv` plans send the Wi-Fi settings over Improv Serial to the booted firmware (which stores
 * them in NVS itself); watch the console while the device joins.
 */
import { improv, isProvisionError } from '../../provision';
import { buildNvsImage } from '../../provision/protocol';
import type { CommissionPlan } from '../../contract/commissionSchemas';
import { CommissionError } from '../CommissionError';
import type { LoadedFirmware } from '../firmware';
import type {
  AfterWrite,
  BoardPort,
  ProvisionImage,
  ProvisionSecrets,
  Provisioner,
  StepContext,
  TargetAdapter,
} from '../steps/adapters';
import type { PortLeases } from '../../serial/SerialPortLease';
import type { SerialOpener } from '../../serial/SerialLink';
import { identityFields, ProvisionFailure } from '../steps/adapters';
import { openSerialTail } from './serialTail';

/** What the ROM loader tells about a board. */
interface EspFacts {
  /** esp32, esp32s3, esp8266, … */
  readonly chip: string;
  /** "ESP32-D0WD-V3". */
  readonly name: string;
  readonly mac: string;
}

interface EspRegionWrite {
  readonly name: string;
  readonly offset: number;
  readonly data: Uint8Array;
}

/** The ESP flasher as commissioning uses it (flash/: the ROM loader jobs). */
export interface EspTool {
  identify(port: BoardPort, ctx: StepContext): Promise<EspFacts>;
  /**
   * Writes the regions in one loader session, each verified by MD5; then the board boots its
   * application (`boot`, the default) or stays in the loader until the next open/reset (`stay`).
   */
  write(
    port: BoardPort,
    regions: readonly EspRegionWrite[],
    ctx: StepContext,
    after?: AfterWrite,
  ): Promise<{ verified: boolean }>;
}

/** Where the IoTMP identity goes: the `nvs` data partition (ESP-IDF default when no table). */
interface NvsPartition {
  readonly offset: number;
  readonly size: number;
}

/** ESP-IDF's single-app default table puts nvs at 0x9000, 0x6000 bytes long. */
const DEFAULT_NVS: NvsPartition = { offset: 0x9000, size: 0x6000 };
/** The partition table's offset in flash (every ESP-IDF layout). */
const PARTITION_TABLE_OFFSET = 0x8000;

/** Finds the `nvs` entry (type data 0x01, subtype nvs 0x02) in a partition table image. */
function nvsPartitionOf(fw: LoadedFirmware): NvsPartition {
  const table = fw.images.find((i) => i.offset === PARTITION_TABLE_OFFSET);
  if (!table) return DEFAULT_NVS;
  const b = table.bytes;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 0; at + 32 <= b.length; at += 32) {
    const magic = view.getUint16(at, true);
    if (magic !== 0x50aa) break; // 0xAA 0x50: an entry; 0xEB 0xEB: the MD5 line; 0xFF: the end
    if (b[at + 2] === 0x01 && b[at + 3] === 0x02)
      return { offset: view.getUint32(at + 4, true), size: view.getUint32(at + 8, true) };
  }
  throw new CommissionError(
    'PLAN',
    `the plan's partition table (${table.name}) has no nvs partition: the identity has nowhere to go`,
  );
}

/** Chip id in an app image's extended header (esp_image_header_t.chip_id); null: none there. */
const IMAGE_CHIPS: Record<number, string> = {
  0: 'esp32',
  2: 'esp32s2',
  5: 'esp32c3',
  9: 'esp32s3',
  13: 'esp32c6',
};
function imageChip(bytes: Uint8Array): string | null {
  if (bytes.length < 24 || bytes[0] !== 0xe9) return null;
  const id = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(12, true);
  return IMAGE_CHIPS[id] ?? null;
}

/** The identity as the `nvs` partition image of the plan's partition table (nothing written). */
function nvsIdentityImage(s: ProvisionSecrets, firmware: LoadedFirmware): ProvisionImage {
  // The plan's partition table says where nvs lives; without one, ESP-IDF's default.
  const nvs = nvsPartitionOf(firmware);
  let data: Uint8Array;
  try {
    data = buildNvsImage(identityFields(s), { size: nvs.size });
  } catch (e) {
    throw new ProvisionFailure((e as Error).message, false);
  }
  return {
    region: { name: 'nvs', offset: nvs.offset, data },
    readBack: {
      host: s.host,
      port: String(s.port),
      user: s.user,
      device: s.device,
      credential: '********',
      ...(s.wifi ? { ssid: s.wifi.ssid, psk: '********' } : {}),
    },
    detail: `identity in nvs at 0x${nvs.offset.toString(16)} (${nvs.size} bytes), verified by MD5`,
  };
}

/** EN low for this long, IO0 high: the chip boots its application (esptool's hard reset). */
const EN_PULSE_MS = 100;

export interface EspAdapterDeps {
  tool: EspTool;
  leases: PortLeases;
  open: SerialOpener;
}

/**
 * Sends of an Improv request before "the firmware does not answer": one a second, through the
 * reset its port open causes and a slow boot (a real ESP32 app answers within 2 s).
 */
const IMPROV_COMMISSION_SENDS = 30;

/** Improv Serial's Wi-Fi settings to the running firmware (provision/: codec and adapter). */
function improvWifi(deps: EspAdapterDeps): NonNullable<Provisioner['afterWrite']> {
  return async (port, s, ctx) => {
    if (!s.wifi)
      throw new ProvisionFailure(
        "Improv Serial sends the plan's Wi-Fi network, and the plan has none: add its name and password",
        false,
      );
    ctx.progress(null, `Wi-Fi "${s.wifi.ssid}" over Improv Serial`);
    try {
      const r = await improv.setWifi(port.path, s.wifi.ssid, s.wifi.psk, {
        leases: deps.leases,
        open: deps.open,
        signal: ctx.signal,
        onLog: (l) => ctx.log(l),
        sends: IMPROV_COMMISSION_SENDS,
      });
      return {
        readBack: { ssid: s.wifi.ssid, psk: '********', improv: r.state },
        detail: `Wi-Fi "${s.wifi.ssid}" accepted over Improv Serial by ${r.device.firmware} ${r.device.version} (${r.state})`,
      };
    } catch (e) {
      if (isProvisionError(e))
        // Improv stores the settings only once the board joined the network.
        throw new ProvisionFailure(`${e.message}${e.detail ? ` (${e.detail})` : ''}`, false);
      throw e;
    }
  };
}

/** The identity written alone as an NVS image, verified (re-provisioning, or no firmware due). */
function nvsWrite(deps: EspAdapterDeps, image: typeof nvsIdentityImage): Provisioner['provision'] {
  return async (port, _facts, s, ctx, firmware, after) => {
    const out = image(s, firmware);
    let verified: boolean;
    try {
      ({ verified } = await deps.tool.write(port, [out.region], ctx, after));
    } catch (e) {
      // Part of the region may be erased or written already.
      throw new ProvisionFailure(
        `writing the NVS partition failed: ${(e as Error).message}`,
        !(e instanceof CommissionError) || e.mayHaveWritten,
      );
    }
    if (!verified)
      throw new ProvisionFailure('the NVS partition was written but not verified', true);
    return { readBack: out.readBack, detail: out.detail };
  };
}

// Improv: the identity in NVS, Wi-Fi from the firmware's own Improv exchange (stored by it).
const identityOnly: typeof nvsIdentityImage = (s, firmware) =>
  nvsIdentityImage({ ...s, wifi: null }, firmware);

const planChip = (plan: CommissionPlan): string => {
  if (plan.target.kind !== 'esp') throw new Error('espAdapter: not an ESP plan');
  return plan.target.chip;
};

/** The plan's firmware (and any extra region) written in one loader session, MD5-verified. */
function espFirmwareWrite(deps: EspAdapterDeps): TargetAdapter['flasher']['write'] {
  return async (port, facts, firmware, plan, ctx, options) => {
    const want = planChip(plan);
    // Firmware knows its board: an image built for another chip is refused before writing.
    for (const img of firmware.images) {
      const built = img.offset !== PARTITION_TABLE_OFFSET ? imageChip(img.bytes) : null;
      if (built && built !== want && want !== 'esp8266')
        throw new CommissionError(
          'WRONG_TARGET',
          `${img.name} was built for ${built}, the plan says ${want}`,
        );
    }
    if (facts.board && facts.board !== want)
      throw new CommissionError(
        'WRONG_TARGET',
        `this board is an ${facts.chip ?? facts.board}, the plan's firmware is for ${want}: nothing was written`,
      );
    const extra = options.extra ?? [];
    const r = await deps.tool.write(
      port,
      [
        ...firmware.images.map((i) => ({ name: i.name, offset: i.offset ?? 0, data: i.bytes })),
        ...extra,
      ],
      ctx,
      options.after,
    );
    const bytes = firmware.images.reduce((n, i) => n + i.bytes.length, 0);
    return {
      verified: r.verified,
      detail: `${r.verified ? 'verified (MD5)' : 'written, not verified:'} ${firmware.images.length} image(s), ${bytes} bytes${extra.length ? `, with ${extra.map((x) => x.name).join(', ')} in the same loader session` : ''}`,
    };
  };
}

export function espAdapter(deps: EspAdapterDeps): TargetAdapter {
  return {
    identifier: {
      identify: async (port, _plan, ctx) => {
        ctx.progress(null, 'asking the ROM loader');
        const f = await deps.tool.identify(port, ctx);
        return {
          port: port.path,
          vendorId: port.vendorId ?? null,
          productId: port.productId ?? null,
          usbSerial: port.serialNumber ?? null,
          chip: f.name,
          mac: f.mac,
          signature: null,
          board: f.chip,
        };
      },
    },
    flasher: { write: espFirmwareWrite(deps) },
    provisioners: {
      nvs: { image: nvsIdentityImage, provision: nvsWrite(deps, nvsIdentityImage) },
      improv: {
        image: identityOnly,
        provision: nvsWrite(deps, identityOnly),
        afterWrite: improvWifi(deps),
      },
    },
    hasNetwork: () => true,
    // The console first, then EN pulsed with IO0 high: the application boots and its first line
    // is seen. A port without modem lines (the virtual board) was reset by the open itself.
    tail: (port, baudRate) =>
      openSerialTail(deps.leases, deps.open, port.path, baudRate, async (link) => {
        if (!(await link.setSignals({ dtr: false, rts: true }))) return;
        await new Promise((r) => setTimeout(r, EN_PULSE_MS));
        await link.setSignals({ dtr: false, rts: false });
      }),
  };
}
