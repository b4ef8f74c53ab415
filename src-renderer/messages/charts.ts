/** Strings of the live charts and the streams status item (UI.md §3.3, §3.4). */
import { groupDigits } from '../format/bytes';

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

export const charts = {
  group: 'Charts',
  onDevice: (device: string) => `on ${device}`,
  interval: 'Interval',
  intervalOption: (ms: number) =>
    ms === 0 ? 'Every change (device pushes)' : `Every ${seconds(ms)}`,
  window: 'Window',
  windowOption: (ms: number) =>
    ms === 0
      ? 'All buffered'
      : ms < 60_000
        ? `Last ${seconds(ms)}`
        : `Last ${Math.round(ms / 60_000)} min`,
  windowCustom: 'Custom…',
  customSeconds: 'Seconds shown',
  pause: 'Pause',
  resume: 'Resume',
  pauseKey: (paused: boolean) => `${paused ? 'Resume' : 'Pause'} (Space on the chart)`,
  clear: 'Clear',
  exportCsv: 'Export CSV',
  exportJson: 'Export JSON',
  exported: (name: string) => `Saved ${name}`,
  close: 'Close chart',
  resetZoom: 'Reset zoom',
  split: 'Split into small charts',
  booleans: 'On/off values as 0/1 steps',
  series: 'Series',
  legend: {
    field: 'Field',
    last: 'Last',
    min: 'Min',
    max: 'Max',
    mean: 'Mean',
    inWindow: 'min, max and mean over the window shown',
  },
  axisHint: 'Fields of very different size share this chart: split it to see each one.',
  ignoredFields: (n: number, max: number) =>
    `${n} more numeric fields are not charted (at most ${max} per chart).`,
  stats: {
    samples: (n: number) => `${groupDigits(n)} samples`,
    rate: (perSecond: string) => `${perSecond}/s`,
    rateNone: '–/s',
    requested: (intervalMs: number) =>
      intervalMs === 0 ? 'requested: every change' : `requested: 1 per ${seconds(intervalMs)}`,
    dropped: (n: number) => `dropped by the broker: ${groupDigits(n)}`,
    buffer: (capacity: number, covers: string | null) =>
      covers
        ? `buffer ${groupDigits(capacity)} samples ≈ ${covers} at this rate`
        : `buffer ${groupDigits(capacity)} samples`,
  },
  paused: (n: number) => `Paused · ${groupDigits(n)} new samples`,
  zoomHint: 'Drag across the chart to zoom; double-click to reset.',
  waiting: (s: number) => `Waiting for the first sample… ${s} s`,
  waitingEvents: 'The device sends a sample each time the value changes.',
  olderFirmware:
    'No samples yet. Older device firmware may ignore the interval; Studio is retrying with the older form.',
  refused: (reason: string) => `Could not start the stream: ${reason || 'the device refused it'}.`,
  offline: (reason: string) => {
    // The broker says "device offline: <why>" (streams/StreamHub.ts).
    const why = reason.replace(/^device offline:?\s*/, '');
    return reason.startsWith('device offline') || !reason
      ? `The device is offline${why ? ` (${why})` : ''}. The chart resumes when it reconnects.`
      : `No samples: ${reason}. The chart resumes by itself.`;
  },
  linkLost: 'No samples while IoTMP Studio is out of reach. The chart resumes when it is back.',
  stopped: 'This stream was stopped. The samples so far are kept.',
  startAgain: 'Start again',
  nonNumeric: 'Nothing to plot: this resource has no numbers.',
  lastValue: 'Last value',
  state: {
    live: 'live',
    noContact: 'no contact',
    paused: 'paused',
    starting: 'starting',
    waiting: 'waiting',
    stopped: 'stopped',
    failed: 'failed',
  },
  empty: {
    title: 'No live chart yet.',
    body: 'Press Chart on a numeric resource, or pick one here.',
  },
  add: {
    label: 'Resource to chart',
    button: 'Chart',
    loading: 'Reading resources…',
    none: 'This device declares no output to chart.',
    failed: 'Could not read the resources of this device.',
    choose: 'Choose a resource…',
  },
  scope: {
    device: 'This device',
    all: 'All devices',
    label: 'Charts shown',
  },
  actions: {
    pause: 'Pause or resume the chart',
    clear: 'Clear the chart',
    exportCsv: 'Export the chart as CSV',
    exportJson: 'Export the chart as JSON',
    close: 'Close the chart',
    resetZoom: 'Reset the chart zoom',
  },
  streams: {
    count: (n: number) => (n === 1 ? '1 live stream' : `${n} live streams`),
    allOff: 'All streams off',
    allOffAction: 'All streams off',
    group: 'Streams',
    stopped: (n: number) =>
      n === 0 ? 'No stream was open.' : n === 1 ? 'Stopped 1 stream.' : `Stopped ${n} streams.`,
    listTitle: 'Live streams',
    chart: 'chart',
    autoRefresh: 'auto-refresh',
    every: (ms: number) => (ms === 0 ? 'every change' : `every ${seconds(ms)}`),
    stop: 'Stop',
    stopOne: (device: string, resource: string) => `Stop ${device} · ${resource}`,
  },
} as const;
