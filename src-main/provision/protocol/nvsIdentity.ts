/**
 * The identity as an NVS partition image: namespace `iotmp`, strings `host`, `user`, `device`,
 * `credential`, optional `ssid`, `psk`, and `port` as u16, which Arduino-ESP32's
 * `Preferences::getUShort("port")` and the IoTMP firmware read (docs/provisioning-esp32.md).
 */
import { checkIdentity, identityFields, type DeviceIdentity } from './identity';
import { buildNvsPartition, type NvsEntry } from './nvs';

const IDENTITY_NAMESPACE = 'iotmp';
/**
 * Arduino-ESP32's default partition tables (default.csv, min_spiffs.csv, …) give `nvs` 0x5000
 * bytes; ESP-IDF's single-app tables give it 0x6000. Pass the size read from the board's partition
 * table: a smaller image leaves stale pages behind, a larger one overwrites the next partition.
 */
const ARDUINO_NVS_BYTES = 0x5000;

function identityNvsEntries(id: DeviceIdentity): NvsEntry[] {
  checkIdentity(id);
  return identityFields(id).map(([key, value]) => ({
    namespace: IDENTITY_NAMESPACE,
    key,
    value: key === 'port' ? { type: 'u16', value: Number(value) } : { type: 'string', value },
  }));
}

export interface NvsImageOptions {
  /** The `nvs` partition's size in bytes (default ARDUINO_NVS_BYTES). */
  readonly size?: number;
}

/** The NVS partition image holding `id`, to be written at the `nvs` partition's offset. */
export function buildNvsImage(id: DeviceIdentity, options: NvsImageOptions = {}): Uint8Array {
  return buildNvsPartition(identityNvsEntries(id), options.size ?? ARDUINO_NVS_BYTES);
}
