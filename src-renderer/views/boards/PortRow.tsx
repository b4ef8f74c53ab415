/**
 * One port (UI.md §3.7): what is plugged in, its USB identity, who holds it, the board chosen for
 * it (remembered by serial number), and Open monitor / Flash…. Unplugged rows are greyed.
 */
import { useState } from 'react';
import type { BoardId, BoardProfile, EspChipInfo } from '@contract/serialSchemas';
import { api } from '../../api/connection';
import { href, navigate } from '../../navigation/router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { clockTime } from '../../format/time';
import { messages } from '../../messages';
import { isRunning, useFlashing, useFlashWizard } from '../../state/flashing';
import { EspToolsDialog } from './esp/EspToolsDialog';
import { espFamilyOf, type EspTool } from './esp/espTools';
import { boardName, usePorts, type PortRow } from '../../state/ports';
import { asSentence } from '../../format/sentence';

/** What the row is called: the board when known, else main's sentence ("Generic USB-serial…"). */
export function portTitle(port: PortRow, boards: readonly BoardProfile[]): string {
  if (port.kind === 'arduino') return port.name;
  return boardName(boards, port.board) ?? port.name;
}

export function PortRowView({ port, boards }: { port: PortRow; boards: readonly BoardProfile[] }) {
  const title = portTitle(port, boards);
  const gone = port.unpluggedAt !== null;
  // The store ends the highlight after PLUGGED_HIGHLIGHT_MS (none with reduced motion: CSS).
  const fresh = !gone && port.pluggedAt !== null;
  const noIdentity = !port.vidPid && !port.serialNumber && !port.manufacturer;
  const t = messages.boards;
  const et = messages.espTools;
  // When a board is chosen the title names it; the subtitle then says what the port is.
  const subtitle =
    port.kind === 'arduino' || !boardName(boards, port.board)
      ? null
      : port.chip
        ? t.bridge(port.chip)
        : port.addedByPath
          ? t.addedByPath
          : null;

  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<unknown>(null);
  // Read chip where an ESP may be: an ESP board chosen or recognised, or a bridge nobody named.
  const espBoard = boards.find((b) => b.id === port.board)?.protocol === 'esp-rom';
  const mayBeEsp = espBoard || port.family === 'esp' || !port.board || !!port.espChip;
  const readChip = async (): Promise<void> => {
    setReading(true);
    setReadError(null);
    try {
      const r = await api().esp.identify({ port: port.path });
      if (!r.ok) setReadError(new Error(r.summary));
    } catch (e) {
      setReadError(asSentence(e));
    } finally {
      setReading(false);
    }
  };

  const [tool, setTool] = useState<{ tool: EspTool; jobId: string | null } | null>(null);
  const espFamily = espFamilyOf(port, boards);
  // A backup, restore or erase running on this port (the dialog may have been closed).
  const toolJob = useFlashing(
    (s) =>
      s.jobs.find(
        (j) =>
          isRunning(j) &&
          (j.operation ?? 'flash') !== 'flash' &&
          j.boards.some((b) => b.port === port.path),
      ) ?? null,
  );
  const busy = gone || port.state === 'flashing';

  const flash = (): void => {
    const wizard = useFlashWizard.getState();
    wizard.choose(port.path, { selected: true, board: port.board });
    if (wizard.firmware && wizard.step === 'firmware') wizard.set({ step: 'boards' });
    navigate(href('flash'));
  };

  return (
    <li
      className={`port-row${gone ? ' port-gone' : ''}${fresh ? ' port-fresh' : ''}`}
      aria-label={t.rowLabel(title, port.path)}
    >
      <div className="port-main">
        <div className="port-title">
          <span className={gone ? 'status status-offline' : 'status status-online'}>
            <span aria-hidden="true">{gone ? '○' : '●'}</span>
          </span>
          <strong>{title}</strong>
          {subtitle && <span className="muted">{subtitle}</span>}
        </div>
        <dl className="port-meta">
          <div>
            <dt>{t.meta.path}</dt>
            <dd className="mono">{port.path}</dd>
          </div>
          {noIdentity ? (
            <div>
              <dd className="muted" title={t.meta.noIdentityHint}>
                {t.meta.noIdentity}
              </dd>
            </div>
          ) : (
            <>
              <div>
                <dt>{t.meta.vidPid}</dt>
                <dd className="mono">{port.vidPid ?? t.meta.none}</dd>
              </div>
              <div>
                <dt>{t.meta.serial}</dt>
                <dd className="mono">{port.serialNumber ?? t.meta.none}</dd>
              </div>
              <div>
                <dt>{t.meta.manufacturer}</dt>
                <dd>{port.manufacturer ?? t.meta.none}</dd>
              </div>
            </>
          )}
          {port.espChip && <EspChipFacts chip={port.espChip} />}
        </dl>
        {readError ? <ErrorNotice error={readError} title={t.esp.failed} /> : null}
      </div>
      <div className="port-state">
        {port.unpluggedAt !== null ? (
          <span className="port-chip port-chip-gone" title={t.unpluggedJob}>
            {t.unplugged(clockTime(port.unpluggedAt))}
          </span>
        ) : (
          <span className={`port-chip port-chip-${port.state}`}>
            <span className="visually-hidden">{t.state.label}: </span>
            {t.state[port.state]}
          </span>
        )}
      </div>
      <BoardChooser port={port} boards={boards} disabled={gone} />
      <div className="port-actions">
        <button
          type="button"
          className="btn"
          aria-label={t.openMonitorLabel(port.path)}
          disabled={gone}
          onClick={() => navigate(href('serial', port.path))}
        >
          {t.openMonitor}
        </button>
        {mayBeEsp && (
          <button
            type="button"
            className="btn"
            aria-label={t.esp.readLabel(port.path)}
            title={t.esp.readHint}
            disabled={gone || reading || port.state === 'flashing'}
            onClick={() => void readChip()}
          >
            {reading ? t.esp.reading : t.esp.readChip}
          </button>
        )}
        {espFamily && !toolJob && (
          <>
            <button
              type="button"
              className="btn"
              aria-label={et.backupLabel(port.path)}
              disabled={busy}
              onClick={() => setTool({ tool: 'backup', jobId: null })}
            >
              {et.backup}
            </button>
            <button
              type="button"
              className="btn"
              aria-label={et.restoreLabel(port.path)}
              disabled={busy}
              onClick={() => setTool({ tool: 'restore', jobId: null })}
            >
              {et.restore}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              aria-label={et.eraseLabel(port.path)}
              disabled={busy}
              onClick={() => setTool({ tool: 'erase', jobId: null })}
            >
              {et.erase}
            </button>
          </>
        )}
        {toolJob && (
          <button
            type="button"
            className="btn"
            aria-label={et.showJobLabel(port.path)}
            onClick={() => setTool({ tool: toolJob.operation as EspTool, jobId: toolJob.id })}
          >
            {et.showJob}
          </button>
        )}
        <button
          type="button"
          className="btn"
          aria-label={t.flashLabel(port.path)}
          disabled={gone || port.state === 'flashing'}
          onClick={flash}
        >
          {t.flash}
        </button>
        {port.addedByPath && (
          <button
            type="button"
            className="btn btn-quiet"
            aria-label={t.removeLabel(port.path)}
            onClick={() =>
              void usePorts
                .getState()
                .remove(port.path)
                .catch(() => undefined)
            }
          >
            {t.remove}
          </button>
        )}
      </div>
      {tool && (
        <EspToolsDialog
          port={port}
          title={title}
          boards={boards}
          tool={tool.tool}
          jobId={tool.jobId}
          onClose={() => setTool(null)}
        />
      )}
    </li>
  );
}

function EspChipFacts({ chip }: { chip: EspChipInfo }) {
  const t = messages.boards.esp;
  return (
    <>
      <div>
        <dt>{t.chip}</dt>
        <dd>{chip.name}</dd>
      </div>
      <div>
        <dt>{t.mac}</dt>
        <dd className="mono">{chip.mac}</dd>
      </div>
      <div>
        <dt>{t.flash}</dt>
        <dd>{t.flashSize(chip.flashSize)}</dd>
      </div>
      <div>
        <dt>{t.crystal}</dt>
        <dd>{t.mhz(chip.crystalMhz)}</dd>
      </div>
    </>
  );
}

function BoardChooser({
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
