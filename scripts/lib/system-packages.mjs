// @ts-check
// The Debian/Ubuntu packages the test suite needs, in one place. Dependency-free (Node built-ins
// only): setup runs before node_modules exists.

/** @type {ReadonlyArray<{ name: string, neededBy: string }>} */
export const TEST_PACKAGES = [
  {
    name: 'chromium',
    neededBy: 'UI tests: Playwright drives /usr/bin/chromium (no browser download)',
  },
  { name: 'udev', neededBy: "serialport's port listing reads device properties through udev" },
  // The virtual board (../shared/tools/virtual-board), the same line as its README's "Install":
  { name: 'gcc', neededBy: 'virtual board: compiles the simavr-based simulator' },
  { name: 'libc6-dev', neededBy: 'virtual board: C headers for the simulator' },
  { name: 'libsimavr-dev', neededBy: 'virtual board: the AVR core it links against' },
  { name: 'arduino-core-avr', neededBy: 'virtual board: the Uno and Mega bootloaders' },
  {
    name: 'gcc-avr',
    neededBy: "virtual board: rebuilds Optiboot (Debian's prebuilt one is too big)",
  },
  { name: 'avr-libc', neededBy: 'virtual board: C library for gcc-avr' },
  { name: 'avrdude', neededBy: 'virtual board and flashing tests: the reference flasher' },
  {
    name: 'python3',
    neededBy: 'virtual ESP (../shared/tools/virtual-esp): the emulated ESP boards',
  },
  {
    name: 'poppler-utils',
    neededBy: 'commissioning tests: pdftotext reads the generated certificates back',
  },
  { name: 'mosquitto', neededBy: 'MQTT bridge tests and bench:bridge: the real MQTT broker' },
  {
    name: 'mosquitto-clients',
    neededBy: 'MQTT bridge tests: mosquitto_sub and mosquitto_pub as the cluster side',
  },
];

/** dpkg-query output format: one `name<TAB>status` line per known package. */
export const DPKG_FORMAT = '${Package}\\t${db:Status-Status}\\n';

// Unpacked and configured; trigger processing still pending does not make a package unusable.
const USABLE_STATUSES = new Set(['installed', 'triggers-pending', 'triggers-awaited']);

/**
 * Names of the packages that dpkg-query reports as installed. Packages dpkg does not know at all
 * are absent from its output (it names them on stderr), so they count as not installed.
 * @param {string} dpkgOutput stdout of `dpkg-query -W -f=DPKG_FORMAT names...`
 * @returns {Set<string>}
 */
export function parseInstalled(dpkgOutput) {
  const installed = new Set();
  for (const line of dpkgOutput.split('\n')) {
    const [name, status] = line.trim().split('\t');
    if (name && status && USABLE_STATUSES.has(status)) installed.add(name.split(':')[0]);
  }
  return installed;
}

/**
 * @param {readonly string[]} required
 * @param {string} dpkgOutput
 * @returns {string[]} the required packages that are not installed, in the order given
 */
export function missingPackages(required, dpkgOutput) {
  const installed = parseInstalled(dpkgOutput);
  return required.filter((name) => !installed.has(name));
}

/**
 * The exact line a non-root user runs.
 * @param {readonly string[]} missing
 */
export function aptInstallLine(missing) {
  return `sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`;
}
