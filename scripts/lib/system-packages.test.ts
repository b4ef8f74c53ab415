import { describe, expect, it } from 'vitest';
import {
  TEST_PACKAGES,
  aptInstallLine,
  missingPackages,
  parseInstalled,
} from './system-packages.mjs';

// Real `dpkg-query -W -f='${Package}\t${db:Status-Status}\n' ...` output shapes: unknown packages
// are missing from stdout altogether; removed ones keep a config-files line.
const dpkgOutput = [
  'gcc\tinstalled',
  'libc6-dev:amd64\tinstalled',
  'udev\tnot-installed',
  'avrdude\tconfig-files',
  'avr-libc\ttriggers-pending',
  '',
].join('\n');

describe('Debian package check', () => {
  it('counts only installed packages, with or without an architecture suffix', () => {
    expect([...parseInstalled(dpkgOutput)].sort()).toEqual(['avr-libc', 'gcc', 'libc6-dev']);
  });

  it('reports packages dpkg does not know, not-installed and removed ones as missing, in order', () => {
    const required = ['chromium', 'udev', 'gcc', 'libc6-dev', 'avrdude', 'avr-libc'];
    expect(missingPackages(required, dpkgOutput)).toEqual(['chromium', 'udev', 'avrdude']);
  });

  it('prints an apt-get line a non-root user can paste', () => {
    expect(aptInstallLine(['chromium', 'udev'])).toBe(
      'sudo apt-get install -y --no-install-recommends chromium udev',
    );
  });

  it("lists chromium, udev, exactly the virtual board's install line, python3, poppler-utils and mosquitto", () => {
    const boardLine = 'gcc libc6-dev libsimavr-dev arduino-core-avr gcc-avr avr-libc avrdude';
    expect(TEST_PACKAGES.map((p) => p.name)).toEqual([
      'chromium',
      'udev',
      ...boardLine.split(' '),
      'python3',
      'poppler-utils',
      'mosquitto',
      'mosquitto-clients',
    ]);
    for (const p of TEST_PACKAGES) expect(p.neededBy).not.toBe('');
  });
});
