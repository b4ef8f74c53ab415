import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addBridgeOptions, bridgePatchFromFlags, type BridgeFlags } from './flags';

const parse = (argv: string[]): BridgeFlags =>
  addBridgeOptions(new Command().exitOverride()).parse(argv, { from: 'user' }).opts<BridgeFlags>();

describe('headless --bridge-* flags', () => {
  it('change nothing when none is given', () => {
    expect(bridgePatchFromFlags(parse([]), {})).toEqual({});
  });

  it('turn the bridge on with a URL and set what they name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-flags-'));
    try {
      writeFileSync(join(dir, 'pw'), 's3cret\n');
      const patch = bridgePatchFromFlags(
        parse([
          '--bridge-url',
          'mqtts://mqtt.example.com:8883',
          '--bridge-password-file',
          join(dir, 'pw'),
          '--bridge-prefix',
          'acme/site-a',
          '--bridge-qos',
          '2',
          '--bridge-mqtt',
          '4',
          '--bridge-devices',
          'site/boiler-1, site/boiler-2',
          '--bridge-interval',
          '0',
          '--bridge-commands',
        ]),
        {},
      );
      expect(patch).toEqual({
        url: 'mqtts://mqtt.example.com:8883',
        enabled: true,
        password: 's3cret',
        prefix: 'acme/site-a',
        qos: 2,
        protocolVersion: 4,
        devices: ['site/boiler-1', 'site/boiler-2'],
        intervalMs: 0,
        commands: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('take the password from the environment, and --no-bridge turns it off', () => {
    expect(bridgePatchFromFlags(parse(['--no-bridge']), { IOTMP_BRIDGE_PASSWORD: 'pw' })).toEqual({
      enabled: false,
      password: 'pw',
    });
  });

  it('refuse a QoS or MQTT version that does not exist', () => {
    expect(() => parse(['--bridge-qos', '3'])).toThrow(/0–2/);
    expect(() => parse(['--bridge-mqtt', '3'])).toThrow(/4 or 5/);
  });
});
