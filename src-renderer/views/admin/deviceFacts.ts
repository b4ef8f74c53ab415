/** What the admin table says about a registered device: its status and its credential's age. */
import type { Device } from '@contract/schemas';
import type { Status } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import { exactly, when } from './dates';

/** No inbound frame for this long while online reads as quiet: a missed keep-alive (UI.md §3.1). */
const QUIET_MS = 70_000;
/** A credential updated within this of the creation was set with it, not reset. */
const SAME_MOMENT_MS = 1_000;

export function statusOf(d: Device, now: number): Status {
  if (!d.status.online) return 'offline';
  return d.status.lastSeen !== null && now - d.status.lastSeen > QUIET_MS ? 'quiet' : 'online';
}

/** "set 14 Nov", "reset 2 days ago" (with the exact time as the title), or "never". */
export function credentialAge(d: Device, now: number): { text: string; title?: string } {
  const t = messages.admin.table;
  const at = d.credentialUpdatedAt;
  if (at === null) return { text: t.never };
  const reset = d.createdAt !== null && at - d.createdAt > SAME_MOMENT_MS;
  return { text: reset ? t.reset(when(at, now)) : t.set(when(at, now)), title: exactly(at) };
}
