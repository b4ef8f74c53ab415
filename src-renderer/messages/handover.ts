/** The Site view's hand-over to a production server (UI.md §3.12, docs/bridge.md). */
export const handover = {
  open: 'Hand over…',
  title: 'Hand over to a production server',
  intro:
    'Copies the devices, their properties, the buckets and the endpoints to a Thinger-compatible server through its REST API, then waits for each device to connect there.',
  target: 'Server address',
  targetHint: 'Its REST base, e.g. https://iot.example.com',
  targetInvalid: 'Starts with http:// or https:// and names a host',
  token: 'API token',
  tokenHint: 'A token of that server allowed to create devices, buckets and endpoints',
  tokenStored: 'Stored for this server: leave empty to use it again',
  tokenMissing: 'The server needs a token',
  devices: (n: number, site: string | null) =>
    site ? `The ${n} device(s) of site ${site}` : `Every registered device (${n})`,
  credentials: 'Credentials captured when they were issued (optional)',
  credentialsHint:
    'JSON, {"user/device": "credential"}. Those devices keep their credential; every other device gets a new one, shown here once, to provision it with.',
  credentialsInvalid: 'Not JSON of the form {"user/device": "credential"}',
  watch: 'Wait for the devices to connect there',
  watchChoices: [
    [300, '5 min'],
    [600, '10 min'],
    [1800, '30 min'],
    [3600, '1 h'],
    [28800, '8 h'],
  ] as const,
  submit: 'Hand over',
  starting: 'Starting…',
  failed: 'The hand-over could not start',
  // The job
  panel: (target: string) => `Hand-over to ${target}`,
  cancel: 'Cancel hand-over',
  copying: (done: number, total: number) => `Copying devices: ${done} of ${total}`,
  watching: (connected: number, total: number, left: string) =>
    `Waiting for the devices to connect there: ${connected} of ${total} connected · ${left} left`,
  done: (connected: number, total: number) =>
    `Done: ${connected} of ${total} devices connected there`,
  cancelled: (connected: number, total: number) =>
    `Cancelled: ${connected} of ${total} devices connected there; what was created stays`,
  failedJob: (error: string) => `Failed: ${error}`,
  report: (file: string) => `Report (no credentials in it): ${file}`,
  copied: (what: string, created: number, exists: number, failed: number) =>
    `${what}: ${created} created, ${exists} already there${failed ? `, ${failed} failed` : ''}`,
  buckets: 'Buckets',
  endpoints: 'Endpoints',
  columns: {
    device: 'Device',
    credential: 'Credential',
    server: 'On the server',
    properties: 'Properties',
    connected: 'Connected there',
  },
  kept: 'kept (captured)',
  newCredential: 'new',
  credentialGone: 'new (no longer shown)',
  created: { created: 'created', exists: 'already there', failed: 'failed' },
  waiting: 'waiting…',
  notConnected: 'not connected',
  newCredentialsNote:
    'New credentials are shown only while this hand-over runs and are never stored: provision each of those devices with it and the new server’s address now.',
};
