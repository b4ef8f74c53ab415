/**
 * Access tokens' scopes (Settings → Access tokens): the presets and expiries offered, a Thinger
 * permission in words for the table, and the permission a new-token form describes.
 */
import type { Permission } from '@contract/serverSchemas';
import { messages } from '../../messages';

const t = messages.tokens;
export type Preset = keyof typeof t.presets;
export type Expiry = keyof typeof t.expiries;
export const EXPIRY_MS: Record<Expiry, number | null> = {
  never: null,
  '1d': 86_400_000,
  '30d': 30 * 86_400_000,
  '365d': 365 * 86_400_000,
};

/** "Device thermo: AccessDeviceResources (temperature)" lines from a permission. */
export function describePermission(p: Permission): string {
  return Object.entries(p)
    .flatMap(([type, ids]) =>
      Object.entries(ids).map(([id, actions]) => {
        const what =
          typeof actions === 'string'
            ? actions
            : actions
                .map((a) =>
                  typeof a === 'string'
                    ? a
                    : Object.entries(a)
                        .map(([k, v]) => `${k} (${typeof v === 'string' ? v : v.join(', ')})`)
                        .join(', '),
                )
                .join(', ');
        return `${type === '*' ? 'Everything' : type} ${id === '*' ? '(any)' : id}: ${what === '*' ? 'all' : what}`;
      }),
    )
    .join('; ');
}

/** What a token of this form allows, or why the form does not say yet (the field to fill in). */
type TokenPermission =
  { ok: true; p: Permission; dev?: string; res?: string[] } | { ok: false; m: string };

export function permissionOf({
  preset,
  device,
  resources,
  bucket,
  custom,
}: {
  preset: Preset;
  device: string;
  resources: string;
  bucket: string;
  custom: string;
}): TokenPermission {
  const res = resources
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (preset === 'admin') return { ok: true, p: { '*': { '*': '*' } } };
  if (preset === 'device')
    return device
      ? {
          ok: true,
          dev: device,
          ...(res.length ? { res } : {}),
          p: {
            Device: {
              [device]: [
                res.length ? { AccessDeviceResources: res } : 'AccessDeviceResources',
                'ListDeviceResources',
                'ReadDeviceStatus',
              ],
            },
          },
        }
      : { ok: false, m: t.device };
  if (preset === 'bucket')
    return bucket
      ? { ok: true, p: { Bucket: { [bucket]: ['ReadBucket'] } } }
      : { ok: false, m: t.bucket };
  try {
    const p = JSON.parse(custom) as unknown;
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new Error('an object');
    return { ok: true, p: p as Permission };
  } catch (e) {
    return { ok: false, m: t.badJson((e as Error).message) };
  }
}
