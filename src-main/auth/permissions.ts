/**
 * Thinger's token permissions, evaluated purely: `allow`/`deny` map an asset type (`Device`,
 * `Bucket`, `Endpoint`, `Token`, or `*`) to asset ids (or `*`) to the actions a token may run
 * there: `"*"`, or a list of action names (globs like `Read*` allowed), each optionally limited
 * to some resources (`{"AccessDeviceResources": ["temp", "led"]}`). Action names are the
 * operation ids of Thinger's API (`ListDevices`, `AccessDeviceResources`, `ReadBucket`, …), so a
 * token made for Thinger means the same here. Deny wins over allow.
 */
import type { Permission } from '../contract/serverSchemas';

/** What one request needs: an action on an asset (and, for device resources, which one). */
export interface Need {
  type: string;
  /** The asset id; '*' for account-wide actions (listing, creating). */
  id: string;
  action: string;
  resource?: string;
}

export const ADMIN: Permission = { '*': { '*': '*' } };

const glob = (pattern: string, value: string): boolean =>
  pattern === '*' ||
  pattern === value ||
  (pattern.includes('*') &&
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
      value,
    ));

/** True when `p` grants `need`. */
function grants(p: Permission | undefined, need: Need): boolean {
  if (!p) return false;
  for (const [type, ids] of Object.entries(p)) {
    if (!glob(type, need.type)) continue;
    for (const [id, actions] of Object.entries(ids)) {
      if (!glob(id, need.id)) continue;
      if (typeof actions === 'string') {
        if (glob(actions, need.action)) return true;
        continue;
      }
      for (const a of actions) {
        if (typeof a === 'string') {
          if (glob(a, need.action)) return true;
          continue;
        }
        for (const [action, resources] of Object.entries(a)) {
          if (!glob(action, need.action)) continue;
          const resource = need.resource;
          if (resource === undefined) return true;
          const list = typeof resources === 'string' ? [resources] : resources;
          if (list.some((r) => glob(r, resource))) return true;
        }
      }
    }
  }
  return false;
}

/** Allowed by `allow` and not taken back by `deny`. */
export const permits = (allow: Permission, deny: Permission | undefined, need: Need): boolean =>
  grants(allow, need) && !grants(deny, need);

/** "Device thermo: AccessDeviceResources (resource temp)": the 403's sentence. */
export const describeNeed = (n: Need): string =>
  `${n.type} ${n.id === '*' ? '(any)' : n.id}: ${n.action}${n.resource !== undefined ? ` (resource ${n.resource})` : ''}`;
