/** Endpoint secrets (D8): masked in what the settings keep, real in their own file, across a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EndpointSecrets, isSecretHeader, maskSecret } from './EndpointSecrets';

const dir = mkdtempSync(join(tmpdir(), 'iotmp-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('EndpointSecrets', () => {
  it('moves clear secrets out of an older settings value and gives them back only for the call', () => {
    const file = join(dir, 'endpoint-secrets.json');
    const older = {
      hook: {
        url: 'https://x',
        headers: { 'X-Api-Key': 'k-0123456789abcdefgh', Accept: 'text/plain' },
      },
    };
    const kept = new EndpointSecrets(file).keep(older);
    expect(kept.hook!.headers).toEqual({
      'X-Api-Key': maskSecret('k-0123456789abcdefgh'),
      Accept: 'text/plain',
    });
    expect(JSON.stringify(kept)).not.toContain('0123456789');
    const restarted = new EndpointSecrets(file);
    expect(restarted.reveal('hook', kept.hook!).headers).toEqual(older.hook.headers);
    expect(restarted.keep({})).toEqual({});
    expect(new EndpointSecrets(file).reveal('hook', kept.hook!).headers?.['X-Api-Key']).toBe(
      maskSecret('k-0123456789abcdefgh'),
    );
  });

  it('knows credential headers by name; short secrets show the mask alone', () => {
    expect(['Authorization', 'x-api-key', 'Cookie', 'X-Auth-Token'].every(isSecretHeader)).toBe(
      true,
    );
    expect(['Accept', 'Content-Type', 'X-Team'].some(isSecretHeader)).toBe(false);
    expect(maskSecret('short')).toBe('••••');
  });
});
