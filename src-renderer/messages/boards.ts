/** Strings of the Boards view (UI.md §3.7) and its status-bar item. */
export const boards = {
  sections: {
    label: 'Boards and flash',
    boards: 'Boards',
    flash: 'Flash',
  },
  portsOn: (host: string) => `Ports on ${host}`,
  portsHere: 'Ports on this computer',
  thisComputer: 'this computer',
  portsOnHint:
    'These are the serial ports of the machine running IoTMP Studio, not of the computer showing this page.',
  list: 'Serial ports',
  showSystem: (n: number) => `Show the computer's own serial ports (${n})`,
  showSystemHint:
    'Built-in ports such as /dev/ttyS0 have no board behind them unless something is wired to the connector.',
  count: (n: number) => (n === 1 ? '1 board' : `${n} boards`),
  statusTitle: 'Boards connected: open Boards',
  jumps: {
    group: 'Ports',
    monitor: (path: string) => `Open monitor on ${path}`,
    monitorNamed: (path: string, name: string) => `Open monitor on ${path} · ${name}`,
  },
  addByPath: 'Add port by path…',
  addForm: {
    title: 'Add port by path',
    label: 'Port path',
    placeholder: '/dev/ttyUSB0, /dev/pts/3, COM7',
    hint: 'For pseudo-terminals and ports the list does not show. The path is on the machine running IoTMP Studio.',
    add: 'Add port',
    adding: 'Adding…',
    empty: 'Type the port path first.',
  },
  rowLabel: (name: string, path: string) => `${name} on ${path}`,
  addedByPath: 'Added by path',
  bridge: (chip: string) => `USB-serial bridge ${chip}`,
  meta: {
    path: 'Port',
    vidPid: 'VID:PID',
    serial: 'Serial number',
    manufacturer: 'Manufacturer',
    none: '—',
    noIdentity: 'No USB identity',
    noIdentityHint: 'A pseudo-terminal or a built-in port: choose the board yourself.',
  },
  state: {
    label: 'State',
    free: 'free',
    monitor: 'serial monitor open',
    flashing: 'flashing',
  },
  board: {
    label: (path: string) => `Board on ${path}`,
    choose: 'Choose the board…',
    remembered: 'remembered',
    rememberedBySerial: (serial: string) =>
      `Remembered for the board with serial number ${serial}, whichever port it is plugged into.`,
    rememberedByPath: 'Remembered for this port path (it has no serial number).',
    detected: 'detected',
    detectedHint: 'Named from the USB VID:PID.',
    saving: 'Saving…',
    failed: 'Could not remember the board.',
  },
  esp: {
    readChip: 'Read chip',
    readLabel: (path: string) => `Read the ESP chip on ${path}`,
    reading: 'Reading the chip…',
    readHint:
      'Asks the ROM loader for the chip, its MAC address, flash size and crystal (the monitor pauses for a second).',
    chip: 'Chip',
    mac: 'MAC',
    flash: 'Flash',
    crystal: 'Crystal',
    flashSize: (bytes: number | null) =>
      bytes === null
        ? 'size unknown'
        : bytes >= 1048576
          ? `${bytes / 1048576} MB`
          : `${bytes / 1024} KB`,
    mhz: (n: number) => `${n} MHz`,
    failed: 'Could not read the chip.',
  },
  openMonitor: 'Open monitor',
  openMonitorLabel: (path: string) => `Open monitor on ${path}`,
  flash: 'Flash…',
  flashLabel: (path: string) => `Flash the board on ${path}`,
  remove: 'Remove',
  removeLabel: (path: string) => `Remove ${path}`,
  unplugged: (time: string) => `Unplugged ${time}`,
  unpluggedJob: 'A flash job refers to it: it stays listed until the job ends.',
  plugged: 'Plugged in',
  empty: {
    title: 'No boards found.',
    body: 'Plug a board in with a data cable (charge-only cables show nothing). On Linux your user needs the dialout group. Or add a port by path.',
    /** Not "Add port by path…": the header keeps that one, and a name should say one thing. */
    add: 'Add a port by path…',
    systemHidden: (n: number) =>
      `${n} of the computer's own serial ${n === 1 ? 'port is' : 'ports are'} hidden (tick above to show).`,
  },
  loadFailed: 'Could not read the serial ports.',
  listErrorHint: 'Ports added by path still work.',
} as const;
