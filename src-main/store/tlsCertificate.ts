/**
 * TLS out of the box (IOTMP.md §1.5): a self-signed certificate is generated on first start and
 * kept in the data folder; a user-supplied certificate and key replace it. IOTMP-Linux and the
 * Arduino ESP clients do not verify the certificate; ESP-IDF and Zephyr need a CA-signed one.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, shown to the user to compare with what devices see. */
  fingerprint: string;
  selfSigned: boolean;
  certPath: string;
  keyPath: string;
}

function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

export async function loadOrCreateCertificate(
  dataDir: string,
  userFiles?: { certPath: string; keyPath: string },
): Promise<TlsMaterial> {
  if (userFiles) {
    const cert = readFileSync(userFiles.certPath, 'utf8');
    const key = readFileSync(userFiles.keyPath, 'utf8');
    return { cert, key, fingerprint: fingerprintOf(cert), selfSigned: false, ...userFiles };
  }
  const dir = join(dataDir, 'tls');
  const certPath = join(dir, 'broker-cert.pem');
  const keyPath = join(dir, 'broker-key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    return {
      cert,
      key: readFileSync(keyPath, 'utf8'),
      fingerprint: fingerprintOf(cert),
      selfSigned: true,
      certPath,
      keyPath,
    };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 10);
  const pems = await selfsigned.generate(
    [{ name: 'commonName', value: `IoTMP Studio broker (${hostname()})` }],
    {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: notAfter,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 2, value: hostname() },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    } as never,
  );
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert, { mode: 0o644 });
  return {
    cert: pems.cert,
    key: pems.private,
    fingerprint: fingerprintOf(pems.cert),
    selfSigned: true,
    certPath,
    keyPath,
  };
}

/** Short form for logs: first 8 bytes of the SHA-256 fingerprint. */
export function shortFingerprint(fp: string): string {
  return fp.split(':').slice(0, 8).join(':');
}
