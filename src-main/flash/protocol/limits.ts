/**
 * Every bound of the flashing protocols, with its reason. Times are data here: the pure state
 * machines ask for a timer of N ms and the I/O adapter runs it.
 */

/**
 * First GET_SYNC after the reset: Optiboot flashes its LED 3 times (6 × 62.5 ms = 375 ms) before it
 * reads the UART; 700 ms covers that plus a loaded host, and stays inside Optiboot's 1 s watchdog.
 */
export const STK500V1_FIRST_SYNC_MS = 700;
/** Later GET_SYNC attempts: a listening Optiboot answers in ~0.3 ms; 250 ms is generous. */
export const STK500V1_SYNC_MS = 250;
/**
 * Sync attempts before giving up. Optiboot leaves for the application 1 s after the reset, so
 * retries past ~2 s only help when the reset came late or the board runs slow (an emulated board
 * on a loaded host); 6 attempts bound "no answer" to 0.7 + 5 × 0.25 = 1.95 s, plus one stk500v2
 * probe (0.3 s) to name a Mega on the wrong setting.
 */
export const STK500V1_SYNC_ATTEMPTS = 6;

/** SIGN_ON to stk500boot_v2: it listens a few ms after the reset and answers within ~1 ms. */
export const STK500V2_SIGN_ON_MS = 300;
/**
 * Sign-on attempts: the Mega bootloader gives up on the host ~0.85 s after the reset, so 5 × 0.3 s
 * covers it twice over; "no answer" is reported within 1.5 s.
 */
export const STK500V2_SIGN_ON_ATTEMPTS = 5;

/**
 * Reply to any command once in sync. The longest reply is a 256-byte read: 45 ms at 57 600 baud;
 * a page write adds erase + write (≤ 9 ms on a real chip). 1 s notices a dead board quickly while
 * tolerating a loaded host.
 */
export const COMMAND_TIMEOUT_MS = 1000;

/** Quiet time that ends a drain of stale replies after sync retries (replies take ~1 ms). */
export const DRAIN_QUIET_MS = 60;
/** A drain stops after this many bytes even if the line never falls quiet (a babbling app). */
export const DRAIN_MAX_BYTES = 4096;

/**
 * Bytes a state machine buffers before it has asked for them. Each request reads at most one
 * frame (≤ 300 bytes); more unread input than this means the peer is not the bootloader.
 */
export const MAX_PENDING_INPUT_BYTES = 8192;

/** Bytes of noise skipped while looking for an stk500v2 message start before giving up. */
export const STK500V2_MAX_NOISE_BYTES = 512;
/** stk500boot_v2's message buffer is 285 bytes; a reply body can never be longer. */
export const STK500V2_MAX_BODY_BYTES = 285;
