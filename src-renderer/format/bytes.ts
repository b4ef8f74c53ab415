/** `812 B`, `12.4 kB`, `3.1 MB` (decimal units, one decimal from kB up). */
export function formatBytes(n: number): string {
  if (n < 1_000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1_000;
  let i = 0;
  while (v >= 1_000 && i < units.length - 1) {
    v /= 1_000;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** `25 326` with thin grouping, as UI.md writes byte counts. */
export const groupDigits = (n: number): string =>
  String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
