/** Dates in the admin table: "14 Nov" (with the year when not this one), recent ones as ages. */
import { age, dateTime } from '../../format/time';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Younger than this, a date reads as an age ("2 days ago"); older, as a day ("14 Nov"). */
const RELATIVE_MS = 7 * 86_400_000;

export function shortDate(epochMs: number, now: number): string {
  const d = new Date(epochMs);
  const day = `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  return d.getFullYear() === new Date(now).getFullYear() ? day : `${day} ${d.getFullYear()}`;
}

export function when(epochMs: number, now: number): string {
  return now - epochMs < RELATIVE_MS ? age(epochMs, now) : shortDate(epochMs, now);
}

/** The exact time, for the title (hover) of a relative one. */
export const exactly = dateTime;
