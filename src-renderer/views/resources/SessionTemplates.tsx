/** Session templates (`:session`, `*path`, IOTMP.md §7.6), listed read-only: dedicated tools open them. */
import { messages } from '../../messages';
import type { ResourceItem } from './layout';

const t = messages.device.tab;

export function SessionTemplates({ sessions }: { sessions: readonly ResourceItem[] }) {
  if (!sessions.length) return null;
  return (
    <section className="rp-sessions" aria-label={t.sessions}>
      <h3 className="rp-group-title">{t.sessions}</h3>
      <p className="muted">{t.sessionsNote}</p>
      <ul>
        {sessions.map((s) => (
          <li key={s.name}>
            <span className="mono">{s.name}</span>{' '}
            {s.fn ? <span className="rp-kind">{messages.device.kind[s.fn]}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
