/** The last result of a panel in words ("Done 14:02:11 · 34 ms"), for its footer or Run body. */
import { clockTime, duration } from '../../format/time';
import { messages } from '../../messages';
import type { Outcome } from '../../state/resources';
import { isCancelled } from './panelErrors';

const t = messages.device.panel;

export function outcomeText(o: Outcome): string {
  const words = !o.ok
    ? isCancelled(o.error)
      ? t.cancelledAt
      : t.failed
    : o.kind === 'read'
      ? t.read
      : o.kind === 'send'
        ? t.sent
        : t.done;
  return words(clockTime(o.at), duration(o.ms));
}
