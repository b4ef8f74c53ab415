/**
 * The board on a port, chosen by the technician or detected; main remembers it by serial number
 * (or path), and the tag says which.
 */
import { useState } from 'react';
import type { BoardId, BoardProfile } from '@contract/serialSchemas';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { asSentence } from '../../../format/sentence';
import { messages } from '../../../messages';
import { usePorts, type PortRow } from '../../../state/ports';

export function BoardChooser({
  port,
  boards,
  disabled,
}: {
  port: PortRow;
  boards: readonly BoardProfile[];
  disabled: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const t = messages.boards.board;
  const remembered = port.rememberedBoard !== null && port.rememberedBoard === port.board;
  const detected = !remembered && port.detectedBoard !== null && port.detectedBoard === port.board;
  const id = `board-${port.path}`;

  const choose = async (value: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await usePorts.getState().chooseBoard(port.path, value ? (value as BoardId) : null);
    } catch (e) {
      setError(asSentence(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="port-board">
      <select
        id={id}
        className="field"
        aria-label={t.label(port.path)}
        value={port.board ?? ''}
        disabled={disabled || busy}
        onChange={(e) => void choose(e.target.value)}
      >
        <option value="">{t.choose}</option>
        {boards.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
      {busy && <span className="muted">{t.saving}</span>}
      {remembered && (
        <span
          className="bf-tag"
          title={port.serialNumber ? t.rememberedBySerial(port.serialNumber) : t.rememberedByPath}
        >
          {t.remembered}
        </span>
      )}
      {detected && (
        <span className="bf-tag" title={t.detectedHint}>
          {t.detected}
        </span>
      )}
      {error ? <ErrorNotice error={error} title={t.failed} /> : null}
    </div>
  );
}
