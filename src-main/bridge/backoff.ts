/** Reconnect delays: the bridge's own back-off (mqtt.js's fixed period would hammer a cluster that is down). */

/** Reconnect delay before attempt `attempt` (0-based): doubling, capped, 80–100 % jitter. */
export function backoffDelay(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.2 * random()));
}
