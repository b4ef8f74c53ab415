/**
 * The send line (UI.md §3.9): Enter sends with the port's line ending; Up/Down walk the last 50
 * lines sent on this port (historyWalk); "Send as hex". The typed text is kept per port across
 * navigation and restarts (UI.md §1: never lose what was typed).
 */
import { useRef, type FormEvent, type KeyboardEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { useSerial } from '../../state/serial';
import { useSerialSettings } from '../../state/serialSettings';
import { Check } from '../../components/Check';
import { stepHistory, type HistoryWalk } from './historyWalk';
import { useSerialSend } from './useSerialSend';

export function SendLine({ port }: { port: string }) {
  const draft = useSerialSettings((s) => s.drafts[port] ?? '');
  const history = useSerialSettings((s) => s.history[port]);
  const sendHex = useSerialSettings((s) => s.ports[port]?.sendHex ?? false);
  const connected = useSerial((s) => s.monitors[port]?.status === 'connected');
  const { send, sending, sent, error, forgetSent } = useSerialSend(port, sendHex);
  /** Position in the history while walking it with Up/Down (null: the draft). */
  const walk = useRef<HistoryWalk | null>(null);
  const t = messages.serial;
  const store = useSerialSettings.getState;

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!connected || sending) return;
    if (await send(draft)) walk.current = null;
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    const lines = history ?? [];
    if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || !lines.length) return;
    e.preventDefault();
    const step = stepHistory(lines, walk.current, draft, e.key === 'ArrowUp' ? 'up' : 'down');
    if (!step) return;
    walk.current = step.walk;
    store().setDraft(port, step.text);
  };

  return (
    <form className="send-line" onSubmit={(e) => void onSubmit(e)}>
      <input
        className="field mono send-input"
        aria-label={t.sendLabel(port)}
        placeholder={sendHex ? t.sendHexPlaceholder : t.sendPlaceholder}
        value={draft}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          walk.current = null;
          forgetSent();
          store().setDraft(port, e.target.value);
        }}
        onKeyDown={onKey}
      />
      <Check
        className="serial-check"
        checked={sendHex}
        onChange={(hex) => store().update(port, { sendHex: hex })}
        label={t.sendHex}
      />
      <button type="submit" className="btn btn-primary" disabled={!connected || sending}>
        {t.send}
      </button>
      <span className="muted send-result" aria-live="polite">
        {sent !== null ? t.sent(sent) : ''}
      </span>
      {error ? (
        <div className="send-error">
          <ErrorNotice error={error} title={t.sendFailed} />
        </div>
      ) : null}
    </form>
  );
}
