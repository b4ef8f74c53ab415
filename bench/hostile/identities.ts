/** Who connects in `npm run bench:hostile` (credentials of the generated kind's length). */
export const LEGIT_CREDENTIAL = 'legit-device-credential-0001';
export const ATTACKER_CREDENTIAL = 'attacker-device-credential-01';
export const stormCredential = (i: number): string => `fleet-device-credential-${i}`;
/** The legit devices' names and their own source addresses; attackers use 127.0.1.x and up. */
export const legitDevice = (i: number): string => (i === 0 ? 'legit' : `legit${i}`);
export const legitAddress = (i: number): string => `127.0.0.${2 + i}`;
/** At most this many legit devices (their addresses stay below the attackers'). */
export const MAX_LEGIT = 200;
export const attackerAddress = (i: number): string =>
  `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`;
