/** Strings of the Devices view and the device page shell (UI.md §3.1, §3.2). */
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const devices = {
  counts: (total: number, online: number) =>
    `${plural(total, 'device', 'devices')} · ${online} online`,
  loadError: 'Could not read the device list.',

  filter: {
    label: 'Filter devices',
    // Short: it shares its line with the status chips; the title says the rest.
    placeholder: 'Filter…',
    hint: 'Filter by device id, name, tag or resource name; * matches anything',
    clear: 'Clear filter',
  },
  chips: { label: 'Show devices', all: 'All', online: 'Online', offline: 'Offline' },
  tags: {
    filterLabel: 'Show devices tagged',
    chip: (tag: string, n: number) => `${tag} ${n}`,
    selection: (n: number, tag: string) => `${n} ${n === 1 ? 'device' : 'devices'} tagged ${tag}`,
    inspect: 'Inspect their frames',
    clear: 'Show all tags',
    editorLabel: 'Tags',
    add: 'Add tag',
    addPlaceholder: 'Add a tag: site, room, product…',
    remove: (tag: string) => `Remove tag ${tag}`,
    saveFailed: 'Could not save the tags.',
    invalid: 'A tag is 1–40 characters, without commas.',
  },
  groupBy: { label: 'Group devices', user: 'Group: user', tag: 'Group: tag' },
  selection: {
    label: 'Selected devices',
    count: (n: number) => `${n} selected`,
    hidden: (n: number) => `${n} not shown by the filters`,
    selectShown: 'Select all shown',
    selectShownShort: 'Select all',
    clear: 'Clear selection',
    clearShort: 'Clear',
    tag: 'Tag…',
    tagTitle: 'Add or remove a tag on the selected devices',
    tagLabel: 'Tag',
    tagPlaceholder: 'site, room, product…',
    addTag: (n: number) => `Add to ${plural(n, 'device', 'devices')}`,
    removeTag: (tag: string, n: number) => `Remove ${tag} from ${plural(n, 'device', 'devices')}`,
    carried: 'Tags on the selection',
    tagged: (tag: string, n: number) => `Tag ${tag} added to ${plural(n, 'device', 'devices')}.`,
    untagged: (tag: string, n: number) =>
      `Tag ${tag} removed from ${plural(n, 'device', 'devices')}.`,
    refresh: 'Refresh resources',
    refreshShort: 'Refresh',
    refreshTitle: 'Ask each selected online device for its resource list again',
    refreshed: (n: number, offline: number) =>
      `Resource lists read again from ${plural(n, 'device', 'devices')}` +
      (offline ? `; ${offline} offline skipped.` : '.'),
    inspect: 'Inspect frames',
    inspectShort: 'Frames',
    remove: 'Delete…',
    removeTitle: 'Delete the selected devices from this broker',

    failed: (what: string, keys: string[], why: string) =>
      `${what} failed for ${keys.length > 3 ? `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more` : keys.join(', ')}: ${why}`,
    tagFailed: 'Tagging',
    refreshFailed: 'Refreshing',
  },
  sort: {
    label: 'Sort',
    status: 'Sort: status',
    lastSeen: 'Sort: last seen',
    traffic: 'Sort: traffic',
  },
  resize: 'Resize the device list',

  tree: {
    label: 'Devices',
    noMatch: 'No device matches the filter.',
    none: 'No devices registered yet.',
    group: (name: string, total: number, online: number) =>
      `${name}, ${plural(total, 'device', 'devices')}, ${online} online`,
    groupCount: (online: number, total: number) => `${online}/${total} online`,
    groupCountTitle: 'Devices online / devices in this group (those the filters show)',
    untagged: 'Untagged',
    keysHint:
      'Space ticks the row for a bulk action, Shift+Space ticks a range, Control+A ticks every device shown, Escape clears the ticks.',
    /** The accessible name of a device row: id and status first ("thermo, online"). */
    device: (id: string, status: string, name: string, isNew: boolean) =>
      [id, status, name, isNew ? 'new' : ''].filter(Boolean).join(', '),
    resource: (name: string, kind: string, streaming: boolean, value: string | null) =>
      [name, kind, value === null ? '' : `value ${value}`, streaming ? 'stream open' : '']
        .filter(Boolean)
        .join(', '),
    valueTitle: (at: string, stale: boolean) =>
      `${stale ? 'Stale: the device is offline or contact is lost. ' : ''}Read ${at}`,
    newBadge: 'new',
    newTitle: 'Accepted automatically on its first connection; opening it removes this badge',
    lastSeen: (age: string) => `last seen ${age}`,
    notSeen: 'not connected since start',
    /** While contact is lost: the last state known, never presented as current. */
    unknown: (last: string) => `no contact · last known ${last}`,
    quietFor: (age: string) => `quiet, last frame ${age}`,
    chip: (transport: string, pv: number | null) =>
      pv === null ? transport.toUpperCase() : `${transport.toUpperCase()} · pv${pv}`,
    bytes: (received: string, sent: string) => `↓ ${received} ↑ ${sent}`,
    bytesTitle: 'Received from the device ↓ · sent to the device ↑',
    streamTitle: 'A live stream of this resource is open',
    notes: {
      loading: 'Reading resources…',
      error: 'Could not read the resources. Enter retries.',
      empty: 'This device declares no resources.',
      offline: 'Resources are read when the device is online.',
    },
  },

  kinds: { run: 'Run', in: 'In', out: 'Out', inout: 'In/Out', none: 'No handler' },

  menu: {
    label: (id: string) => `Actions for ${id}`,
    open: 'Open',
    copyId: 'Copy id',
    identify: 'Identify',
    showFrames: 'Show frames',
    resetCredential: 'Reset credential…',
    remove: 'Delete…',
  },

  actions: {
    group: 'Devices',
    focusFilter: 'Focus the device filter',
    open: (label: string) => `Open ${label}`,
    stopStreams: (id: string) => `Stop streams of ${id}`,
    refresh: (id: string) => `Refresh resources of ${id}`,
    identify: (id: string) => `Identify ${id}`,
    showFrames: (id: string) => `Show frames of ${id}`,
    groupByTag: 'Group the device tree by tag',
    groupByUser: 'Group the device tree by user',
    selectShown: 'Select every device shown in the tree',
    clearSelection: 'Clear the device selection',
    removeSelected: 'Delete the selected devices…',
  },

  empty: {
    title: 'No device has connected yet.',
    intro: 'Point your devices at this computer, on one of these ports:',
    listeners: {
      tcp: 'TCP',
      tcpLegacy: 'TCP, older Arduino boards',
      tls: 'TLS',
      wss: 'WebSocket over TLS',
      ws: 'WebSocket',
    } as Record<string, string>,
    /** Shown when the ports listen on every interface and the console's own host is loopback. */
    anyAddress: 'this computer’s LAN address',
    noListener: 'No device port is listening. Check the ports in Settings.',
    add: 'Add a device',
    addHint: 'to get its credential, then power the device up.',
    simulate: 'Or try three simulated devices (run it in the IoTMP Studio folder):',
    simulateAccept:
      'Simulated devices log in with ids the broker does not know: turn on Accept new devices in Admin first.',
    copyCommand: 'Copy command',
  },

  pick: {
    title: 'Choose a device',
    body: 'Pick a device in the list, or press Enter on one, to see its resources and charts.',
  },

  page: {
    onlineFor: (d: string) => `Online for ${d}`,
    noContact: (last: string) =>
      `Status unknown: no contact with IoTMP Studio (last known: ${last})`,
    justConnected: 'Online: just connected',
    quiet: (age: string) => `Quiet: no frame for ${age}`,
    offlineSince: (clock: string, age: string) => `Offline: last seen ${clock} (${age})`,
    neverConnected: 'Offline: not connected since IoTMP Studio started',
    offlineReason: (reason: string) => `Last disconnect: ${reason}`,
    replaced: (from: string) =>
      from ? `Replaced by a new connection from ${from}` : 'Replaced by a new connection',
    facts: 'Connection',
    transport: 'Transport',
    protocol: 'Protocol',
    remote: 'Remote address',
    rtt: 'Round trip',
    frames: 'Frames in / out',
    bytes: 'Bytes in / out',
    dropped: 'Dropped',
    frameLimit: {
      label: 'Largest frame to device',
      hint: 'Frames above this size are refused with 413 instead of being sent: 4 KiB suits every core (Zephyr and ESP-IDF drop more); the Embedded core takes 32 KiB, IOTMP-Linux 256 KiB (IOTMP.md §9.1.7).',
      /** Short, to fit the facts' column; the notice and the hint say the rest. */
      option: (bytes: number) =>
        `${bytes / 1024} KiB${bytes === 4096 ? ' · default' : bytes === 32_768 ? ' · Embedded' : bytes === 262_144 ? ' · Linux' : ''}`,
      long: (bytes: number) =>
        `${bytes / 1024} KiB${bytes === 4096 ? ' (the default)' : bytes === 32_768 ? ' (Embedded core)' : bytes === 262_144 ? ' (IOTMP-Linux)' : ''}`,
      saved: (limit: string) => `Largest frame to this device: ${limit}.`,
      failed: 'Could not change the frame limit:',
    },
    none: '—',
    pv: (pv: number) => `pv${pv}`,
    ms: (ms: number) => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`),
    inOut: (a: string, b: string) => `${a} / ${b}`,
    toolbar: 'Device actions',
    refresh: 'Refresh resources',
    refreshShort: 'Refresh',
    refreshing: 'Refreshing…',
    refreshed: (n: number) => `Resources read again: ${plural(n, 'resource', 'resources')}.`,
    identify: 'Identify',
    identifying: 'Identifying…',
    identified: 'Identify sent; the device answered.',
    showFrames: 'Show frames',
    stopStreams: 'Stop streams',
    stopped: (n: number) =>
      n === 0 ? 'No stream of this device was open.' : `Stopped ${plural(n, 'stream', 'streams')}.`,
    refreshFailed: 'Could not read the resources again.',
    identifyFailed: 'Identify failed.',
    tabs: 'Device sections',
    resources: 'Resources',
    charts: 'Charts',
    data: 'Properties & data',
    unknown: (key: string) => `No device ${key} is known to this broker.`,
    unknownBody: 'It may have been deleted, or the link has a typo.',
    back: 'Back to Devices',
  },
} as const;
