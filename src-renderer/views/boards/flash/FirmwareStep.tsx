/**
 * Step 1, Firmware (UI.md §3.8): drop a .hex or Browse; the text is read here and parsed by main
 * at once (`flash.inspectFirmware`), so errors name the line before any board is touched. Next
 * stays disabled until the file is valid. The Recent list chooses a file again in one click.
 */
import { useMemo, useRef, useState, type DragEvent } from 'react';
import { MAX_FIRMWARE_TEXT_CHARS } from '@contract/flashSchemas';
import type { Action } from '../../../actions/Action';
import { useRegisterActions } from '../../../actions/actionRegistry';
import { api } from '../../../api/connection';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { groupDigits } from '../../../format/bytes';
import { dateTime } from '../../../format/time';
import { messages } from '../../../messages';
import { useFlashWizard, useRecentFirmware, type RecentFirmware } from '../../../state/flashing';
import { asSentence } from '../../../format/sentence';
import { shortBoardName } from './fixes';

/** Characters of the SHA-256 shown: enough to tell two builds apart at a glance. */
const SHORT_SHA_CHARS = 8;
export const shortSha = (sha: string): string => sha.slice(0, SHORT_SHA_CHARS);

const hexAddress = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

type Reading =
  { kind: 'idle' } | { kind: 'reading'; name: string } | { kind: 'failed'; error: unknown };

export function FirmwareStep({ onNext }: { onNext: () => void }) {
  const firmware = useFlashWizard((s) => s.firmware);
  const wanted = useFlashWizard((s) => s.wanted);
  const [reading, setReading] = useState<Reading>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const t = messages.flash.firmware;

  const inspect = async (name: string, text: string): Promise<void> => {
    setReading({ kind: 'reading', name });
    try {
      const info = await api().flash.inspectFirmware({ hex: text, name });
      useFlashWizard.getState().chooseFirmware({ name, info }, text);
      useRecentFirmware
        .getState()
        .add({ name, sizeBytes: info.sizeBytes, sha256: info.sha256, usedAt: Date.now() }, text);
      setReading({ kind: 'idle' });
    } catch (error) {
      useFlashWizard.getState().set({ firmware: null, text: null });
      setReading({ kind: 'failed', error: asSentence(error) });
    }
  };

  const readFile = async (file: File): Promise<void> => {
    if (file.size > MAX_FIRMWARE_TEXT_CHARS) {
      useFlashWizard.getState().set({ firmware: null, text: null });
      setReading({ kind: 'failed', error: new Error(t.tooLarge(file.name)) });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      setReading({ kind: 'failed', error: new Error(t.unreadable(file.name)) });
      return;
    }
    await inspect(file.name, text);
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void readFile(file);
  };

  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'flash.browse',
        label: messages.flash.actions.browse,
        group: messages.flash.actions.group,
        perform: () => input.current?.click(),
      },
    ],
    [],
  );
  useRegisterActions(actions);

  const target = firmware?.info.target ?? null;
  const wantedBoard = wanted ? shortBoardName(wanted.boardName) : '';
  const wantedMismatch =
    wanted !== null &&
    firmware !== null &&
    firmware.info.fits.find((f) => f.board === wanted.board)?.wrongChip === true;

  return (
    <div className="firmware-step">
      {wanted && (
        <p className="flash-wanted" role="status">
          <span aria-hidden="true">▲</span> {t.wanted(wantedBoard, wanted.port)}{' '}
          {wanted.previous ? t.wantedPrevious(wanted.previous) : null}
        </p>
      )}
      <div
        className={`drop-zone${dragging ? ' drop-zone-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span className="drop-glyph" aria-hidden="true">
          ⤓
        </span>
        <span>{t.drop}</span>
        <span className="muted">{t.or}</span>
        <button type="button" className="btn" onClick={() => input.current?.click()}>
          {t.browse}
        </button>
        <input
          ref={input}
          type="file"
          accept=".hex,.ihx,text/plain"
          className="bf-sr-only"
          aria-label={t.fileLabel}
          tabIndex={-1}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void readFile(file);
          }}
        />
      </div>

      <div aria-live="polite" className="firmware-state">
        {reading.kind === 'reading' && <p className="muted">{t.reading(reading.name)}</p>}
        {reading.kind === 'failed' && <ErrorNotice error={reading.error} />}
        {reading.kind === 'idle' && firmware && (
          <div className="firmware-valid">
            <p>
              <span className="status status-online">
                <span aria-hidden="true">●</span>
              </span>{' '}
              <strong>{firmware.name}</strong> · {groupDigits(firmware.info.sizeBytes)} bytes ·{' '}
              <span className="mono" title={firmware.info.sha256}>
                SHA-256 {shortSha(firmware.info.sha256)}
              </span>
            </p>
            <p className="muted">
              {t.valid}{' '}
              {t.range(
                hexAddress(firmware.info.startAddress),
                hexAddress(firmware.info.endAddress),
              )}
            </p>
            <p className="muted firmware-target">
              {target ? t.builtFor(target.name, t.builtForHow[target.source]) : t.targetUnknown}
            </p>
            {wantedMismatch && (
              <p className="flash-warn" role="alert">
                <span aria-hidden="true">▲</span> {t.wantedMismatch(wantedBoard)}
              </p>
            )}
          </div>
        )}
      </div>

      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!firmware || reading.kind === 'reading'}
          aria-describedby={firmware ? undefined : 'firmware-required'}
          onClick={() => {
            useFlashWizard.getState().set({ wanted: null });
            onNext();
          }}
        >
          {messages.flash.steps.next}
        </button>
        {!firmware && (
          <span id="firmware-required" className="muted">
            {t.required}
          </span>
        )}
      </div>

      <RecentList onUse={(e) => void inspect(e.name, e.text!)} />
    </div>
  );
}

function RecentList({ onUse }: { onUse: (entry: RecentFirmware) => void }) {
  const entries = useRecentFirmware((s) => s.entries);
  const t = messages.flash.firmware;
  const c = t.recentColumns;
  return (
    <section className="recent-firmware" aria-labelledby="recent-title">
      <h3 id="recent-title">{t.recent}</h3>
      <p className="muted recent-explain">{t.recentExplain}</p>
      {entries.length === 0 ? (
        <p className="muted">{t.recentNone}</p>
      ) : (
        <table className="recent-table">
          <thead>
            <tr>
              <th scope="col">{c.name}</th>
              <th scope="col" className="num">
                {c.size}
              </th>
              <th scope="col">{c.date}</th>
              <th scope="col">{c.sha}</th>
              <th scope="col">
                <span className="bf-sr-only">{messages.common.details}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.sha256}>
                <td>{e.name}</td>
                <td className="num">{groupDigits(e.sizeBytes)} B</td>
                <td>{dateTime(e.usedAt)}</td>
                <td className="mono" title={e.sha256}>
                  {shortSha(e.sha256)}
                </td>
                <td className="recent-actions">
                  {e.text ? (
                    <button
                      type="button"
                      className="btn"
                      aria-label={t.useLabel(e.name)}
                      onClick={() => onUse(e)}
                    >
                      {t.use}
                    </button>
                  ) : (
                    <span className="bf-tag" title={t.nameOnlyHint}>
                      {t.nameOnly}
                    </span>
                  )}
                  <button
                    type="button"
                    className="btn btn-quiet"
                    aria-label={t.forgetLabel(e.name)}
                    onClick={() => useRecentFirmware.getState().remove(e.sha256)}
                  >
                    {t.forget}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
