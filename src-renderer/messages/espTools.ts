/** Strings of the ESP flash tools on a board's row (UI.md §3.7): back up, restore, erase. */
const mb = (bytes: number): string =>
  bytes >= 1048576 ? `${bytes / 1048576} MB` : `${Math.round(bytes / 1024)} KB`;

export const espTools = {
  mb,
  backup: 'Back up flash…',
  backupLabel: (path: string) => `Back up the flash of the board on ${path}`,
  restore: 'Restore…',
  restoreLabel: (path: string) => `Restore a backup onto the board on ${path}`,
  erase: 'Erase…',
  eraseLabel: (path: string) => `Erase the flash of the board on ${path}`,
  showJob: 'Show progress',
  showJobLabel: (path: string) => `Show the job running on ${path}`,
  titles: {
    backup: (board: string) => `Back up the flash of ${board}`,
    restore: (board: string) => `Restore a backup onto ${board}`,
    erase: (board: string) => `Erase the flash of ${board}`,
  },
  progressLabel: {
    backup: (board: string) => `Backing up ${board}`,
    restore: (board: string) => `Restoring ${board}`,
    erase: (board: string) => `Erasing ${board}`,
  },
  cancelLabel: {
    backup: (board: string) => `Cancel backing up ${board}`,
    restore: (board: string) => `Cancel restoring ${board}`,
    erase: (board: string) => `Cancel erasing ${board}`,
  },
  chipLine: (chip: string, mac: string, size: string) => `${chip} · MAC ${mac} · ${size} flash`,
  chipUnknown:
    'The chip has not been read yet: the job reads it first and refuses another chip family.',
  backupExplain: (size: string | null, host: string) =>
    `Reads ${size ? `all ${size}` : 'the whole flash'} and saves it on ${host} with the chip, MAC, flash size and date. The read is checked against the board's own MD5. At 921 600 baud 4 MB take about a minute.`,
  backupSecret:
    'A backup holds everything on the flash, including Wi-Fi passwords and device credentials: it is kept readable by your user only.',
  startBackup: 'Back up',
  folder: (folder: string) => `Backup folder: ${folder}`,
  backupsOfBoard: 'Backups of this board',
  otherBackups: 'Other backups',
  noBackups: 'No backups of this board yet.',
  noBackupsAtAll: 'No backups yet: back up a board first (Back up flash… on its row).',
  loadFailed: 'Could not list the backups.',
  backupColumns: { date: 'Taken', chip: 'Chip', mac: 'MAC', size: 'Size' },
  pickBackup: 'Backup to restore',
  pickLabel: (date: string, mac: string) => `Backup of ${mac} taken ${date}`,
  otherChip: (chip: string, board: string) =>
    `Taken from an ${chip}: it goes back only onto an ${chip}, not this ${board}.`,
  tooLarge: (size: string, flash: string) =>
    `Holds ${size} of flash; this board has ${flash}: it does not fit.`,
  otherBoard: 'From another board of the same chip: its MAC-bound settings come with it.',
  restoreExplain:
    'Writes the backup back byte for byte from offset 0, then checks it by MD5. Everything now on the flash is replaced.',
  next: 'Next',
  takenAt: (date: string) => `taken ${date}`,
  confirmRestore: (what: string, board: string) =>
    `Restore the backup ${what} onto ${board}? Everything on its flash now is replaced.`,
  elsewhere: (host: string) => `Or a backup file elsewhere on ${host}`,
  elsewherePlaceholder: '/home/technician/backups/esp32_240ac4123456_…_backup.bin',
  elsewhereInvalid:
    'Type the absolute path of a backup .bin (saved by a backup, with its .json beside it).',
  doRestore: (board: string) => `Restore onto ${board}`,
  eraseAll: 'The whole flash',
  eraseAllHint: 'The firmware, its settings (NVS: Wi-Fi, credentials) and any file system.',
  eraseRegion: 'A region',
  eraseRegionHint: 'Offset and length in 4 KB sectors (0x1000), e.g. 0x9000 + 0x6000 for the NVS.',
  offset: 'Offset',
  length: 'Length',
  notNumber: (what: string) => `${what}: type a number, e.g. 0x10000.`,
  notAligned: (what: string) => `${what} must be a multiple of 0x1000 (4 KB sectors).`,
  zeroLength: 'Length must be at least 0x1000.',
  pastEnd: (end: string, flash: string) => `The region ends at ${end}, past the ${flash} flash.`,
  confirmEraseAll: (board: string) =>
    `Erase the whole flash of ${board}? The firmware and everything it stored are lost; the board will not boot until it is flashed again.`,
  confirmEraseRegion: (from: string, to: string, board: string) =>
    `Erase ${from}–${to} on ${board}? What is stored there is lost.`,
  backupFirstHint: 'Back up first if you may need it again.',
  doErase: (board: string) => `Erase ${board}`,
  back: 'Back',
  starting: 'Starting…',
  startFailed: 'Could not start.',
  close: 'Done',
  again: 'Run again',
  runsOn:
    'The job runs in IoTMP Studio itself: you can close this dialog; the board row shows it and Show progress brings it back.',
} as const;
