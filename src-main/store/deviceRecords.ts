/**
 * A device as the store keeps it: the SQLite row, the record the app sees, the id rule IoTMP
 * carries, and the store's errors.
 */

export interface DeviceRecord {
  user: string;
  device: string;
  name: string;
  description: string;
  createdAt: number;
  credentialUpdatedAt: number;
  autoRegistered: boolean;
  /** Thinger's device type: `Generic` (IoTMP), `HTTP` (callbacks only), … */
  type: string;
  /** A disabled device cannot connect (Thinger's `enabled`). */
  enabled: boolean;
  /** Tags to group and filter devices by (site, room, product…), in the order given. */
  tags: string[];
}

export interface Row {
  user: string;
  device: string;
  name: string;
  description: string;
  credential_hash: string;
  created_at: number;
  credential_updated_at: number;
  auto_registered: number;
  type: string;
  enabled: number;
  tags: string;
}

/** The tags column: a JSON array of strings; anything else reads as no tags. */
function parseTags(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export const toRecord = (r: Row): DeviceRecord => ({
  user: r.user,
  device: r.device,
  name: r.name,
  description: r.description,
  createdAt: r.created_at,
  credentialUpdatedAt: r.credential_updated_at,
  autoRegistered: r.auto_registered === 1,
  type: r.type,
  enabled: r.enabled === 1,
  tags: parseTags(r.tags),
});

/** Device and user ids as IoTMP carries them: non-empty, printable, bounded. */
const ID = /^[\p{L}\p{N}_.\-:@]{1,128}$/u;

export class DeviceStoreError extends Error {
  constructor(
    readonly code: 'INVALID_ID' | 'EXISTS' | 'NOT_FOUND' | 'INVALID_CREDENTIAL',
    message: string,
  ) {
    super(message);
    this.name = 'DeviceStoreError';
  }
}

/** Both ids as IoTMP carries them, else INVALID_ID naming the one that is not. */
export function checkIds(user: string, device: string): void {
  if (!ID.test(user))
    throw new DeviceStoreError(
      'INVALID_ID',
      `user "${user}" must be 1–128 letters, digits or _ . - : @`,
    );
  if (!ID.test(device))
    throw new DeviceStoreError(
      'INVALID_ID',
      `device id "${device}" must be 1–128 letters, digits or _ . - : @`,
    );
}
