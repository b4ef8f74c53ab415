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
  usbTitle: 'Boards connected over USB now',
  usb: (n: number) =>
    `Re-provision these ${n} board(s) with the new server’s address and their credential (the plan’s provisioning: NVS on ESP, serial provisioning on other boards)`,
  deviceAddress: 'Devices connect to',
  deviceAddressHint: 'host:port of the new server’s device listener (empty: its host, port 25204)',
  deviceAddressInvalid: 'host:port, e.g. iot.example.com:25204',
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
    usb: 'Board over USB',
    connected: 'Connected there',
  },
  reprovisioning: 're-provisioning…',
  reprovisioned: 're-provisioned, waiting for it to connect',
  reprovisionedConnected: (server: string) => `re-provisioned and reconnected to ${server}`,
  reprovisionLeft: (what: string) => `left to do: ${what}`,
  reprovisionFailed: (why: string) => `failed: ${why}`,
  notReprovisioned: '–',
  kept: 'kept (captured)',
  newCredential: 'new',
  credentialGone: 'new (no longer shown)',
  created: { created: 'created', exists: 'already there', failed: 'failed' },
  waiting: 'waiting…',
  notConnected: 'not connected',
  newCredentialsNote:
    'New credentials are shown only while this hand-over runs and are never stored: provision each of those devices with it and the new server’s address now.',
};
