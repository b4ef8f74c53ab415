/** Dates in the admin table: "14 Nov" (with the year when not this one), recent ones as ages. */
import { age, dateTime, shortDate } from '../../format/time';

/** Younger than this, a date reads as an age ("2 days ago"); older, as a day ("14 Nov"). */
const RELATIVE_MS = 7 * 86_400_000;

export function when(epochMs: number, now: number): string {
  return now - epochMs < RELATIVE_MS ? age(epochMs, now) : shortDate(epochMs, now);
}

/** The exact time, for the title (hover) of a relative one. */
export const exactly = dateTime;
