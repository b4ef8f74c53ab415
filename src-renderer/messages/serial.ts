/** Strings of the Serial monitor (UI.md §3.9). */
export const serial = {
  tabs: 'Open ports',
  closeTab: (port: string) => `Close the monitor on ${port}`,
  openPort: 'Port',
  openPortPick: 'Pick a port to open…',
  open: 'Open',
  opening: 'Opening…',
  reopen: 'Reopen',
  newTab: 'Open in new tab',
  settings: (port: string) => `Port settings for ${port}`,
  toolbar: (port: string) => `Display of ${port}`,
  baud: 'Baud',
  lineEnding: 'Line ending',
  lineEndings: { none: 'None', lf: 'LF', cr: 'CR', crlf: 'CR+LF' },
  view: 'View',
  text: 'Text',
  hex: 'Hex',
  plotter: 'Plot',
  plot: {
    window: 'Window',
    windows: (ms: number) =>
      ms === 0
        ? 'Everything buffered'
        : ms < 60_000
          ? `Last ${ms / 1_000} s`
          : `Last ${ms / 60_000} min`,
    series: 'Series',
    counts: (samples: number, text: number) =>
      `${samples} ${samples === 1 ? 'sample' : 'samples'} plotted` +
      (text ? ` · ${text} text ${text === 1 ? 'line' : 'lines'} skipped` : ''),
    paused: 'paused: drag to zoom, double-click to reset',
    empty:
      'No numbers yet. The plotter charts lines of numbers, such as "21.5 40" or "temp:21.5,hum:40" (one line per sample, as Arduino\'s Serial Plotter reads them).',
  },
  timestamps: 'Timestamps',
  autoscroll: 'Autoscroll',
  pause: 'Pause display',
  resume: 'Resume display',
  pausedNote: (n: number) =>
    n === 0
      ? 'Display paused: lines keep arriving in the buffer.'
      : `Display paused: ${n} new ${n === 1 ? 'line' : 'lines'} in the buffer.`,
  clear: 'Clear',
  copyAll: 'Copy all',
  save: 'Save to file',
  search: 'Search',
  searchLabel: 'Search the output',
  searchPlaceholder: 'Search (Enter: next, Shift+Enter: previous)',
  searchCount: (i: number, n: number) => (n === 0 ? 'no match' : `${i} of ${n}`),
  searchNext: 'Next match',
  searchPrevious: 'Previous match',
  searchClose: 'Close search',
  output: (port: string) => `Output of ${port}`,
  olderDropped: 'Older lines dropped',
  olderDroppedHint:
    'The buffer keeps the newest 10 000 lines or 4 MiB per port; Save to file regularly to keep everything.',
  jumpToNewest: (n: number) => `Jump to newest (${n} new ${n === 1 ? 'line' : 'lines'})`,
  partialHint: 'Unfinished line (no line end yet)',
  nothingYet: 'Nothing received yet.',
  send: 'Send',
  sendLabel: (port: string) => `Send to ${port}`,
  sendPlaceholder: 'Type a line; Enter sends, Up/Down recall earlier lines',
  sendHexPlaceholder: 'Hex bytes, e.g. 48 65 6c 6c 6f',
  sendHex: 'Send as hex',
  sendFailed: 'Could not send.',
  sent: (bytes: number) => `Sent ${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`,
  status: {
    unknown: 'Connecting…',
    opening: 'Opening the port…',
    closed: 'Closed',
    connected: (baud: number) => `Connected · ${baud} 8N1`,
    label: 'Port status',
  },
  closedHint: 'This monitor was closed. Reopen it, or close the tab.',
  openFailed: 'Could not open the port.',
  empty: {
    title: 'No port open.',
    body: 'Pick a port above, or Open monitor from Boards.',
    boards: 'Go to Boards',
  },
  copyDone: 'Copied the whole buffer',
  actions: {
    group: 'Serial monitor',
    search: 'Search in the serial output',
    pause: 'Pause or resume the display',
    save: 'Save the output to a file',
    clear: 'Clear the output',
    copyAll: 'Copy the whole output',
  },
  fileName: (port: string, stamp: string) =>
    `serial-${port.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}-${stamp}.txt`,
} as const;
