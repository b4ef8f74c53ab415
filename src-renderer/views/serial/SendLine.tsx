/**
 * The send line (UI.md §3.9): Enter sends with the port's line ending; Up/Down walk the last 50
 * lines sent on this port; "Send as hex". The typed text is kept per port across navigation and
 * restarts (UI.md §1: never lose what was typed).
 */
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { useSerial } from '../../state/serial';
import { settingsOf, useSerialSettings } from '../../state/serialSettings';
import { Check } from '../../components/Check';
import { asSentence } from '../../format/sentence';
import { at } from '@contract/present';

export function SendLine({ port }: { port: string }) {
  const draft = useSerialSettings((s) => s.drafts[port] ?? '');
  const history = useSerialSettings((s) => s.history[port]);
  const sendHex = useSerialSettings((s) => s.ports[port]?.sendHex ?? false);
  const connected = useSerial((s) => s.monitors[port]?.status === 'connected');
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  /** Position in the history while walking it with Up/Down (null: the draft). */
  const walk = useRef<{ index: number; draft: string } | null>(null);
  const t = messages.serial;
  const store = useSerialSettings.getState;

  const send = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!connected || sending) return;
    const data = draft;
    setSending(true);
    setError(null);
    try {
      const { bytes } = await api().serial.send({
        port,
        data,
        mode: sendHex ? 'hex' : 'text',
        ...(sendHex ? {} : { lineEnding: settingsOf(port).lineEnding }),
      });
      if (data) store().remember(port, data);
      store().setDraft(port, '');
      walk.current = null;
      setSent(bytes);
    } catch (err) {
      setError(asSentence(err));
    } finally {
      setSending(false);
    }
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    const lines = history ?? [];
    if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || !lines.length) return;
    e.preventDefault();
    const walking = walk.current;
    if (e.key === 'ArrowUp') {
      const index = walking ? Math.max(0, walking.index - 1) : lines.length - 1;
      walk.current = { index, draft: walking?.draft ?? draft };
      store().setDraft(port, at(lines, index, 'sent line'));
    } else if (walking) {
      const newer = lines[walking.index + 1];
      if (newer !== undefined) {
        walk.current = { ...walking, index: walking.index + 1 };
        store().setDraft(port, newer);
      } else {
        walk.current = null;
        store().setDraft(port, walking.draft);
      }
    }
  };

  return (
    <form className="send-line" onSubmit={(e) => void send(e)}>
      <input
        className="field mono send-input"
        aria-label={t.sendLabel(port)}
        placeholder={sendHex ? t.sendHexPlaceholder : t.sendPlaceholder}
        value={draft}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          walk.current = null;
          setSent(null);
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
