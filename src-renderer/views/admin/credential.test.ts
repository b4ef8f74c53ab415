import { describe, expect, it } from 'vitest';
import type { BrokerStatus } from '@contract/schemas';
import {
  brokerHosts,
  connectionDetails,
  CREDENTIAL_ALPHABET,
  CREDENTIAL_LENGTH,
  generateCredential,
} from './credential';
import { qrPath } from '../../components/QrCode';

const status = (patch: Partial<BrokerStatus> = {}): BrokerStatus => ({
  listeners: [
    { name: 'wss', transport: 'wss', host: '0.0.0.0', port: 443 },
    { name: 'tcpLegacy', transport: 'tcp', host: '0.0.0.0', port: 25200 },
    { name: 'tls', transport: 'tls', host: '0.0.0.0', port: 25206 },
    { name: 'tcp', transport: 'tcp', host: '0.0.0.0', port: 25204 },
  ],
  failures: [],
  tls: { selfSigned: true, fingerprint: 'AA' },
  counts: { registered: 0, online: 0, connections: 0 },
  acceptNewDevices: false,
  lanAddresses: ['192.168.1.20', '10.0.0.7'],
  ...patch,
});

describe('generated credentials', () => {
  it('are 20 characters with no look-alikes, different each time', () => {
    expect(CREDENTIAL_ALPHABET).not.toMatch(/[0O1lIio]/);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = generateCredential();
      expect(c).toHaveLength(CREDENTIAL_LENGTH);
      expect([...c].every((ch) => CREDENTIAL_ALPHABET.includes(ch))).toBe(true);
      seen.add(c);
    }
    expect(seen.size).toBe(200);
  });

  it('skip bytes that would favour the first characters (no modulo bias)', () => {
    const limit = 256 - (256 % CREDENTIAL_ALPHABET.length);
    // Only bytes at or above the limit first: they must all be skipped.
    let calls = 0;
    const c = generateCredential((n) => {
      calls++;
      return new Uint8Array(n).fill(calls === 1 ? limit : 1);
    });
    expect(c).toBe(CREDENTIAL_ALPHABET[1]!.repeat(CREDENTIAL_LENGTH));
    expect(calls).toBe(2);
  });
});

describe('connection details', () => {
  it('name the addresses devices dial, the ports most firmware uses first, and the identity', () => {
    const text = connectionDetails(
      { user: 'site', device: 'dev-7', credential: 'Secret' },
      status(),
      '127.0.0.1',
    );
    expect(text.split('\n')).toEqual([
      'IoTMP broker: 192.168.1.20 or 10.0.0.7',
      '  TCP: 25204',
      '  TLS: 25206',
      '  TCP for older Arduino boards: 25200',
      '  WebSocket + TLS (path /iotmp): 443',
      'user: site',
      'device: dev-7',
      'credential: Secret',
    ]);
  });

  it('prefer a listener bound to one address, then the host the console reached', () => {
    const bound = status({
      listeners: [{ name: 'tcp', transport: 'tcp', host: '192.168.5.5', port: 25204 }],
    });
    expect(brokerHosts(bound, 'studio.local')).toEqual(['192.168.5.5']);
    expect(brokerHosts(status(), '192.168.1.20')).toEqual(['192.168.1.20', '10.0.0.7']);
    expect(brokerHosts(status({ lanAddresses: [] }), 'localhost')).toEqual([]);
    expect(
      connectionDetails({ user: 'u', device: 'd', credential: 'c' }, null, 'this computer'),
    ).toContain("IoTMP broker: this computer's address on the device network");
  });
});

describe('the QR code', () => {
  it('encodes the text locally into a square of modules', () => {
    const { size, d } = qrPath('IoTMP broker: 192.168.1.20\nuser: site');
    expect(size).toBeGreaterThanOrEqual(21);
    expect((size - 17) % 4).toBe(0);
    expect(d.startsWith('M0 0h1v1h-1z')).toBe(true); // the finder pattern's corner
  });
});
