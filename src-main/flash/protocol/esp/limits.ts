/**
 * Bounds of the ESP serial download protocol, with their reasons. Times are data: the session asks
 * for a timer and the adapter runs it.
 */

/** Rate the ROM auto-bauds SYNC at and answers at (the ESP8266 prints its boot text at 74880). */
export const ESP_ROM_BAUD = 115200;
/** What Arduino-ESP32 and ESP-IDF applications print at (Serial.begin(115200), the IDF console). */
export const ESP_APP_BAUD = 115200;
/** Rates tried after the stub is up, fastest first; a bridge that refuses one gets the next. */
export const ESP_FAST_BAUDS = [921600, 460800, 230400] as const;

/**
 * One SYNC attempt: the ROM answers 8 times within ~12 ms at 115200; 150 ms leaves room for a
 * loaded host. Attempts bound "no answer" to ~2.5 s per reset, which covers the ROM's boot text
 * (a first SYNC often meets it) and a slow auto-reset circuit.
 */
export const ESP_SYNC_TIMEOUT_MS = 150;
export const ESP_SYNC_ATTEMPTS = 14;
/** Quiet time that ends the drain of the extra SYNC answers. */
export const ESP_SYNC_DRAIN_MS = 30;
/** Any command in ROM or stub (esptool's default is 3 s). */
export const ESP_COMMAND_TIMEOUT_MS = 3000;
/** The stub's OHAI after MEM_END: it starts within a few ms. */
export const ESP_OHAI_TIMEOUT_MS = 1000;
/** After CHANGE_BAUDRATE: bytes in flight at the old rate are dropped for this long. */
export const ESP_BAUD_SETTLE_MS = 20;

/** RAM upload block of the ROM loader (esptool's ESP_RAM_BLOCK). */
export const ESP_RAM_BLOCK = 0x1800;
/** Flash write block of the stub (its maximum; fewer blocks = fewer round trips). */
export const ESP_STUB_WRITE_BLOCK = 0x4000;
/** Read-flash: block size and blocks the stub may send before an acknowledgement. */
export const ESP_READ_BLOCK = 0x1000;
export const ESP_READ_IN_FLIGHT = 64;

/**
 * A compressed block's acknowledgement can wait for the previous block's erase and write
 * (16 KB compressed may inflate to 64 KB+: a block erase and 256 page writes, ~0.3 s typical,
 * seconds at datasheet maxima).
 */
export const ESP_WRITE_BLOCK_TIMEOUT_MS = 10_000;
/**
 * Erase + write per MB of inflated data at datasheet maxima (esptool's ERASE_WRITE_TIMEOUT_PER_MB):
 * a compressed block of padding or zeroed tables inflates to far more than 16 KB, and the stub
 * acknowledges the next block only once that is written.
 */
export const ESP_ERASE_WRITE_TIMEOUT_PER_MB_MS = 40_000;
/** MD5 over flash: the chip reads ~3 MB/s; 8 s per MB is esptool's bound. */
export const ESP_MD5_TIMEOUT_PER_MB_MS = 8000;
/** Chip erase: 10 s typical for 4 MB, 200 s at datasheet maxima for 16 MB. */
export const ESP_ERASE_ALL_TIMEOUT_MS = 240_000;
/** Region erase: 30 s per MB at datasheet maxima. */
export const ESP_ERASE_TIMEOUT_PER_MB_MS = 30_000;

/** Largest SLIP frame accepted: a 4 KB read block, with room for escapes. */
export const ESP_MAX_FRAME = ESP_READ_BLOCK * 2 + 64;
/**
 * Bytes received during one wait without completing a frame, before the wait counts as timed
 * out: an application printing non-stop must not keep a sync attempt alive forever.
 */
export const ESP_NOISE_BUDGET = 3 * ESP_MAX_FRAME;
/** Responses to other commands skipped while waiting for one (ROM repeats, late answers). */
export const ESP_MAX_SKIPPED_RESPONSES = 64;
