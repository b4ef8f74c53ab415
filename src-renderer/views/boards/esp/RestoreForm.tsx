/**
 * Restore…: pick a backup (this board's first, then other boards' of the same family; others
 * refused in words), or type the path of one elsewhere, then confirm naming the board. Main
 * writes it from 0 and checks it by MD5.
 */
import { useState } from 'react';
import type { BoardId } from '@contract/serialSchemas';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { messages } from '../../../messages';
import type { PortRow } from '../../../state/ports';
import { BackupTable } from './BackupTable';
import { ConfirmStep } from './ConfirmStep';
import { ElsewhereField } from './ElsewhereField';
import { useRestoreChoice } from './useRestoreChoice';

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
  const c = useRestoreChoice(port, family);
  const [confirming, setConfirming] = useState(false);
  const { picked, backups, mine, others } = c;

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

  return (
    <>
      <p>{t.restoreExplain}</p>
      {c.folder && <p className="muted mono">{t.folder(c.folder)}</p>}
      {c.error ? <ErrorNotice error={c.error} title={t.loadFailed} /> : null}
      {backups && !backups.length && <p className="muted">{t.noBackupsAtAll}</p>}
      {mine.length > 0 && <BackupTable caption={t.backupsOfBoard} backups={mine} pick={c.pick()} />}
      {backups && backups.length > 0 && !mine.length && <p className="muted">{t.noBackups}</p>}
      {others.length > 0 && (
        <BackupTable
          caption={t.otherBackups}
          backups={others}
          pick={c.pick(family ? t.otherBoard : undefined)}
        />
      )}
      <ElsewhereField value={c.elsewhere} onChange={c.setElsewhere} problem={c.elsewhereProblem} />
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
