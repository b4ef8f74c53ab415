/**
 * The "accept new devices" switch (UI.md §3.6), shared by Admin and Settings → Devices: the
 * sentence saying what it does, the auto-off time (15 min / 1 h / 8 h / never; the timer runs in
 * main), and, while on, until when. The status bar mirrors it in amber.
 */
import { useId } from 'react';
import { ErrorNotice } from './ErrorNotice';
import { statusGlyph } from './StatusGlyph';
import { clockTime, duration } from '../format/time';
import { messages } from '../messages';
import './acceptNewDevices.css';
import { AUTO_OFF_CHOICES, useSettings } from '../state/settings';
import { useNow } from './useNow';
import { SwitchField } from './value/SwitchField';

const choiceKey = (ms: number | null): string => (ms === null ? 'never' : String(ms));

export function AcceptNewDevices({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const t = messages.admin.accept;
  const settings = useSettings((s) => s.settings);
  const pending = useSettings((s) => s.acceptPending);
  const error = useSettings((s) => s.acceptError);
  const autoOffMs = useSettings((s) => s.autoOffMs);
  const setAccept = useSettings((s) => s.setAccept);
  const setAutoOff = useSettings((s) => s.setAutoOff);
  const now = useNow(1_000);
  const labelId = useId();
  const on = settings?.acceptNewDevices ?? false;
  const until = settings?.acceptNewDevicesUntil ?? null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  return (
    <section className={`accept-card${on ? ' accept-on' : ''}`} aria-labelledby={labelId}>
      <div className="accept-row">
        <SwitchField
          checked={on}
          label={t.label}
          disabled={!settings || pending}
          onToggle={() => void setAccept(!on)}
        />
        <Heading id={labelId} className="accept-label">
          {t.label}
        </Heading>
        <label className="accept-auto-off">
          {t.autoOff}
          <select
            className="field"
            // While on without a timer (a start-up flag), the select says so instead of
            // offering "1 h" beside "On until someone turns it off"; choosing a time starts one.
            value={on && until === null ? 'never' : choiceKey(autoOffMs)}
            disabled={pending}
            onChange={(e) =>
              void setAutoOff(e.target.value === 'never' ? null : Number(e.target.value))
            }
          >
            {AUTO_OFF_CHOICES.map((ms) => (
              <option key={choiceKey(ms)} value={choiceKey(ms)}>
                {t.choices[choiceKey(ms)]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="accept-sentence">{t.sentence}</p>
      <p className={on ? 'accept-state accept-state-on' : 'accept-state muted'}>
        {on ? (
          <>
            <span aria-hidden="true">{statusGlyph('warning')}</span>{' '}
            {until !== null
              ? t.until(clockTime(until), duration(Math.max(0, until - now)))
              : t.onForever}
          </>
        ) : (
          t.off
        )}
      </p>
      {error ? <ErrorNotice error={error} title={t.failed} /> : null}
    </section>
  );
}
