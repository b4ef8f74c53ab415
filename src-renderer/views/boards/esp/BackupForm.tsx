/** Back up flash…: what is read and where it goes, this board's backups so far, Back up. */
import { ErrorNotice } from '../../../components/ErrorNotice';
import { messages } from '../../../messages';
import type { PortRow } from '../../../state/ports';
import { BackupTable } from './BackupTable';
import { useHostName } from './useHostName';
import { splitBackups } from './espTools';
import { useBackups } from './useBackups';

export function BackupForm({
  port,
  starting,
  onStart,
}: {
  port: PortRow;
  starting: boolean;
  onStart: () => void;
}) {
  const t = messages.espTools;
  const host = useHostName();
  const { folder, backups, error } = useBackups();
  const chip = port.espChip;
  const mine = backups ? splitBackups(backups, port).mine : null;
  return (
    <>
      <p>
        {chip
          ? t.chipLine(chip.name, chip.mac, messages.boards.esp.flashSize(chip.flashSize))
          : t.chipUnknown}
      </p>
      <p>{t.backupExplain(chip?.flashSize ? t.mb(chip.flashSize) : null, host)}</p>
      <p className="muted">{t.backupSecret}</p>
      {folder && <p className="muted mono">{t.folder(folder)}</p>}
      {error ? <ErrorNotice error={error} title={t.loadFailed} /> : null}
      {mine &&
        (mine.length ? (
          <BackupTable caption={t.backupsOfBoard} backups={mine} />
        ) : (
          <p className="muted">{t.noBackups}</p>
        ))}
      <div className="admin-dialog-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-autofocus
          disabled={starting}
          onClick={onStart}
        >
          {starting ? t.starting : t.startBackup}
        </button>
      </div>
    </>
  );
}
