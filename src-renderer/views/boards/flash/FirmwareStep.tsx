/**
 * Step 1, Firmware (UI.md §3.8): drop a .hex or the .bin files of an ESP build, or Browse; the
 * files are read here and checked by main at once (`flash.inspectFirmware`), so errors name the
 * line (or the image) before any board is touched. ESP files show their flash layout, with an
 * offset to change per file. Next stays disabled until the firmware is valid. The Recent list
 * chooses a file again in one click.
 */
import { useMemo, useRef, useState, type DragEvent } from 'react';
import {
  MAX_ESP_FILES,
  MAX_ESP_FILES_BASE64_CHARS,
  MAX_FIRMWARE_TEXT_CHARS,
  type EspRegion,
} from '@contract/flashSchemas';
import type { Action } from '../../../actions/Action';
import { useRegisterActions } from '../../../actions/actionRegistry';
import { api } from '../../../api/connection';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { groupDigits } from '../../../format/bytes';
import { dateTime } from '../../../format/time';
import { messages } from '../../../messages';
import {
  espFilesText,
  firmwarePayload,
  useFlashWizard,
  useRecentFirmware,
  type EspFileChoice,
  type RecentFirmware,
} from '../../../state/flashing';
import { asSentence } from '../../../format/sentence';
import { shortBoardName } from './fixes';

/** Characters of the SHA-256 shown: enough to tell two builds apart at a glance. */
const SHORT_SHA_CHARS = 8;
export const shortSha = (sha: string): string => sha.slice(0, SHORT_SHA_CHARS);

const hexAddress = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

const FIRMWARE_EXTENSIONS = ['hex', 'ihx', 'bin'];
const extension = (name: string): string => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** Why these files are not firmware to send, or null (then they go to main to be checked). */
export function filesProblem(files: readonly { name: string; size: number }[]): string | null {
  const t = messages.flash.firmware;
  const other = files.find((f) => !FIRMWARE_EXTENSIONS.includes(extension(f.name)));
  if (other) {
    const ext = extension(other.name);
    return t.notFirmware(other.name, t.kinds[ext] ?? t.kinds.other!);
  }
  const bins = files.filter((f) => extension(f.name) === 'bin');
  if (bins.length && bins.length < files.length) return t.mixed;
  if (!bins.length && files.length > 1) return t.oneHex;
  if (bins.length > MAX_ESP_FILES) return t.mixed;
  const base64 = bins.reduce((n, f) => n + Math.ceil(f.size / 3) * 4, 0);
  if (base64 > MAX_ESP_FILES_BASE64_CHARS) return t.espTooLarge(bins.map((f) => f.name).join(', '));
  return null;
}

/** A file's bytes as base64 (in pieces: String.fromCharCode takes only so many arguments). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** "0x10000" or "65536" → 65536; null when it is not a 4 KB-aligned offset. */
export function parseOffset(text: string): number | null {
  const v = text.trim();
  const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n % 0x1000 === 0 && n < 16 * 1048576 ? n : null;
}

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
      const info = await api().flash.inspectFirmware({ ...firmwarePayload(text), name });
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

  const refuse = (message: string): void => {
    useFlashWizard.getState().set({ firmware: null, text: null });
    setReading({ kind: 'failed', error: new Error(message) });
  };

  const readFiles = async (files: File[]): Promise<void> => {
    if (!files.length) return;
    const problem = filesProblem(files);
    if (problem) return refuse(problem);
    if (extension(files[0]!.name) === 'bin') return readEspFiles(files);
    return readFile(files[0]!);
  };

  const readEspFiles = async (files: File[]): Promise<void> => {
    let chosen: EspFileChoice[];
    try {
      chosen = await Promise.all(
        files.map(async (f) => ({ name: f.name, data: await base64Of(f) })),
      );
    } catch {
      return refuse(t.unreadable(files.map((f) => f.name).join(', ')));
    }
    await inspect(espSetName(chosen), espFilesText(chosen));
  };

  /** A layout offset changed: the files are checked again with it. */
  const setOffset = async (file: string, offset: number): Promise<void> => {
    const text = useFlashWizard.getState().text;
    if (!firmware || !text) return;
    const payload = firmwarePayload(text);
    if (!payload.files) return;
    const files = payload.files.map((f) => (f.name === file ? { ...f, offset } : f));
    await inspect(firmware.name, espFilesText(files));
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
    void readFiles([...e.dataTransfer.files]);
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
          accept=".hex,.ihx,.bin,text/plain,application/octet-stream"
          multiple
          className="visually-hidden"
          aria-label={t.fileLabel}
          tabIndex={-1}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void readFiles(files);
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
            {firmware.info.regions ? (
              <>
                <p className="muted">{t.espValid(firmware.info.regions.length)}</p>
                <EspLayout
                  regions={firmware.info.regions}
                  onOffset={(file, offset) => void setOffset(file, offset)}
                />
              </>
            ) : (
              <p className="muted">
                {t.valid}{' '}
                {t.range(
                  hexAddress(firmware.info.startAddress),
                  hexAddress(firmware.info.endAddress),
                )}
              </p>
            )}
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

/** "sketch.ino.bin + 2 files": the app's file names the set. */
function espSetName(files: readonly EspFileChoice[]): string {
  const app =
    files.find((f) => !/bootloader|partitions|boot_app0|otadata/i.test(f.name)) ?? files[0]!;
  return files.length === 1 ? app.name : `${app.name} + ${files.length - 1}`;
}

function EspLayout({
  regions,
  onOffset,
}: {
  regions: readonly EspRegion[];
  onOffset: (file: string, offset: number) => void;
}) {
  const t = messages.flash.firmware;
  const c = t.layoutColumns;
  return (
    <section className="esp-layout" aria-labelledby="esp-layout-title">
      <h3 id="esp-layout-title">{t.layout}</h3>
      <p className="muted">{t.layoutHint}</p>
      <table className="recent-table">
        <thead>
          <tr>
            <th scope="col">{c.file}</th>
            <th scope="col">{c.offset}</th>
            <th scope="col" className="num">
              {c.size}
            </th>
            <th scope="col">{c.role}</th>
          </tr>
        </thead>
        <tbody>
          {regions.map((r) => (
            <tr key={`${r.name}@${r.offset}`}>
              <td>{r.name}</td>
              <td>
                <OffsetField region={r} onOffset={onOffset} />
              </td>
              <td className="num">{groupDigits(r.size)} B</td>
              <td>{t.roles[r.role] ?? r.role}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OffsetField({
  region,
  onOffset,
}: {
  region: EspRegion;
  onOffset: (file: string, offset: number) => void;
}) {
  const t = messages.flash.firmware;
  const shown = `0x${region.offset.toString(16)}`;
  const [text, setText] = useState(shown);
  const value = parseOffset(text);
  const commit = (): void => {
    if (value === null) return;
    if (value !== region.offset) onOffset(region.name, value);
  };
  return (
    <span className="esp-offset">
      <input
        className="field mono"
        aria-label={t.offsetLabel(region.name)}
        value={text}
        size={9}
        spellCheck={false}
        aria-invalid={value === null ? true : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {value === null && <span className="fit-bad">{t.offsetInvalid(text)}</span>}
    </span>
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
                <span className="visually-hidden">{messages.common.details}</span>
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
