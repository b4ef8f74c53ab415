/** Saving what a view shows: file-name stamps and downloads (UI.md §4: export everything). */
const pad = (n: number): string => String(n).padStart(2, '0');

/** `20261125-140211` in local time, for file names. */
export function fileStamp(at: Date | number): string {
  const d = new Date(at);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** Saves text as a download: a save dialog on desktop, the browser's downloads in the console. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
