/**
 * D8: the secrets in endpoint headers (a bearer token, an API key) live apart from the ordinary
 * settings, in `endpoint-secrets.json` (0600 in the 0700 data folder). The settings keep the
 * endpoint with those header values masked ("••••cdef"), which is all the API and the UI ever
 * read back; only the outgoing HTTP call (a device's CALL_ENDPOINT, a test call, a handover to a
 * Thinger server) sees the real value. A config sent back with the mask unchanged keeps the
 * stored secret, so a form can round-trip an endpoint without knowing it.
 */
import { readFileSync } from 'node:fs';
import { writeOwnerOnlyFile } from './ownerOnlyFile';

export const ENDPOINT_SECRETS_FILE = 'endpoint-secrets.json';
/** Header names whose values are credentials. */
const SECRET_HEADER = /authorization|cookie|token|secret|key|password|passwd|signature|credential/i;
const MASK = '••••';

export const isSecretHeader = (name: string): boolean => SECRET_HEADER.test(name);

/** What is shown of a secret: the mask, plus its last four characters when it is long. */
export const maskSecret = (value: string): string =>
  MASK + (value.length >= 16 ? value.slice(-4) : '');

type Secrets = Record<string, Record<string, string>>;
/** An endpoint as far as secrets go (serverres/httpEndpoint.ts's EndpointConfig). */
interface WithHeaders {
  headers?: Record<string, string>;
}

export class EndpointSecrets {
  private secrets: Secrets = {};

  constructor(
    private readonly file: string,
    private readonly log: (message: string) => void = () => {},
  ) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object') this.secrets = parsed as Secrets;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        log(`endpoint secrets ${file} unreadable: ${String(e)}`);
    }
  }

  /**
   * The endpoints as the settings keep them: secret header values masked and stored here (a
   * value still equal to its mask keeps what is stored). Endpoints gone are forgotten.
   */
  keep<E extends WithHeaders>(all: Record<string, E>): Record<string, E> {
    const next: Secrets = {};
    const out: Record<string, E> = {};
    for (const [name, e] of Object.entries(all)) {
      if (!e.headers) {
        out[name] = e;
        continue;
      }
      const headers: Record<string, string> = {};
      for (const [h, v] of Object.entries(e.headers)) {
        if (!isSecretHeader(h)) {
          headers[h] = v;
          continue;
        }
        const stored = this.secrets[name]?.[h];
        const secret = stored !== undefined && v === maskSecret(stored) ? stored : v;
        (next[name] ??= {})[h] = secret;
        headers[h] = maskSecret(secret);
      }
      out[name] = { ...e, headers };
    }
    if (JSON.stringify(next) !== JSON.stringify(this.secrets)) {
      // The secrets first: a crash between the two writes never leaves a mask without its secret.
      writeOwnerOnlyFile(this.file, JSON.stringify(next));
      this.secrets = next;
    }
    return out;
  }

  /** One endpoint with its real header values, for the outgoing call only. */
  reveal<E extends WithHeaders>(name: string, e: E): E {
    const secrets = this.secrets[name];
    if (!secrets || !e.headers) return e;
    const headers = { ...e.headers };
    for (const [h, v] of Object.entries(secrets)) if (h in headers) headers[h] = v;
    return { ...e, headers };
  }

  revealAll<E extends WithHeaders>(all: Record<string, E>): Record<string, E> {
    return Object.fromEntries(Object.entries(all).map(([n, e]) => [n, this.reveal(n, e)]));
  }
}
