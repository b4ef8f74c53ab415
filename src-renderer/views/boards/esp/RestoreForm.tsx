/**
 * Restore…: pick a backup (this board's first, then other boards' of the same family; others
 * refused in words), then confirm naming the board. Main writes it from 0 and checks it by MD5.
 */
import { useState } from 'react';
import type { EspBackupInfo } from '@contract/espCalls';
import type { BoardId } from '@contract/serialSchemas';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { dateTime } from '../../../format/time';
import { messages } from '../../../messages';
import type { PortRow } from '../../../state/ports';
import { BackupTable } from './BackupTable';
import { ConfirmStep } from './ConfirmStep';
import { restoreRefusal, splitBackups } from './espTools';
import { useBackups } from './useBackups';
import { useHostName } from './useHostName';

export function RestoreForm({
  port,
  family,
  boardOn,
  starting,
  onRestore,
}: {
  port: PortRow;
  family: BoardId | null;
  /** "ESP32 on /dev/ttyUSB0". */
  boardOn: string;
  starting: boolean;
  /** The backup's `.bin` on the machine running main. */
  onRestore: (file: string) => void;
}) {
  const t = messages.espTools;
  const { folder, backups, error } = useBackups();
  const [chosen, setChosen] = useState<EspBackupInfo | null>(null);
  const [confirming, setConfirming] = useState(false);
  const flashSize = port.espChip?.flashSize ?? null;
  const boardName = port.espChip?.name ?? family?.toUpperCase() ?? 'board';
  const refusal = (b: EspBackupInfo) => restoreRefusal(b, family, boardName, flashSize);
  // A backup outside the app's folder (one saved before a flash into a folder of the technician's).
  const [elsewhere, setElsewhere] = useState('');
  const host = useHostName();
  const other = elsewhere.trim();
  const otherProblem =
    other && !/^(\/|[A-Za-z]:[\\/]).*\.(bin|json)$/.test(other) ? t.elsewhereInvalid : null;
  const picked: { file: string; what: string } | null = other
    ? otherProblem
      ? null
      : { file: other, what: other }
    : chosen && refusal(chosen) === null
      ? { file: chosen.file, what: t.takenAt(dateTime(Date.parse(chosen.date))) }
      : null;
  const { mine, others } = backups ? splitBackups(backups, port) : { mine: [], others: [] };

  if (confirming && picked)
    return (
      <ConfirmStep
        action={t.doRestore(boardOn)}
        starting={starting}
        onBack={() => setConfirming(false)}
        onConfirm={() => onRestore(picked.file)}
      >
        {t.confirmRestore(picked.what, boardOn)}
      </ConfirmStep>
    );

  const pick = (note?: string) => ({
    chosen: chosen?.file ?? null,
    onPick: (b: EspBackupInfo) => {
      setChosen(b);
      setElsewhere('');
    },
    refusal,
    ...(note ? { note } : {}),
  });
  return (
    <>
      <p>{t.restoreExplain}</p>
      {folder && <p className="muted mono">{t.folder(folder)}</p>}
      {error ? <ErrorNotice error={error} title={t.loadFailed} /> : null}
      {backups && !backups.length && <p className="muted">{t.noBackupsAtAll}</p>}
      {mine.length > 0 && <BackupTable caption={t.backupsOfBoard} backups={mine} pick={pick()} />}
      {backups && backups.length > 0 && !mine.length && <p className="muted">{t.noBackups}</p>}
      {others.length > 0 && (
        <BackupTable
          caption={t.otherBackups}
          backups={others}
          pick={pick(family ? t.otherBoard : undefined)}
        />
      )}
      <label className="esp-elsewhere">
        <span>{t.elsewhere(host)}</span>
        <input
          className="field mono"
          value={elsewhere}
          placeholder={t.elsewherePlaceholder}
          aria-invalid={otherProblem !== null}
          aria-describedby="esp-elsewhere-problem"
          onChange={(e) => {
            setElsewhere(e.target.value);
            if (e.target.value.trim()) setChosen(null);
          }}
        />
      </label>
      <p id="esp-elsewhere-problem" className="esp-backup-why" aria-live="polite">
        {otherProblem ?? ''}
      </p>
      <div className="admin-dialog-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!picked}
          onClick={() => setConfirming(true)}
        >
          {t.next}
        </button>
      </div>
    </>
  );
}
