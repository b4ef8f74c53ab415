/** Times as UI.md §1 wants them: local 24-hour clock, ms where it matters, relative ages. */
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `14:02:11` or `14:02:11.042`. */
export function clockTime(epochMs: number, withMs = false): string {
  const d = new Date(epochMs);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** `2026-11-25 14:02:11` for tooltips next to a relative age. */
export function dateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clockTime(epochMs)}`;
}

// The day and month in the user's language and order ("14 Nov", "Nov 14", "14. Nov."), from the
// browser's Intl data rather than a table of English month names.
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** A day: "14 Nov" in the user's locale, with the year when it is not the current one. */
export function shortDate(epochMs: number, now: number): string {
  const sameYear = new Date(epochMs).getFullYear() === new Date(now).getFullYear();
  return (sameYear ? dayMonth : dayMonthYear).format(epochMs);
}

/** `38 ms`, `12 s`, `5 min`, `2 h 13 min`, `3 days`. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.floor(ms / 1_000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} days`;
}

/** `12 s ago`; `just now` under a second. */
export function age(epochMs: number, now: number): string {
  const ms = now - epochMs;
  return ms < 1_000 ? 'just now' : `${duration(ms)} ago`;
}
