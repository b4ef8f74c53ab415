/**
 * Backups as a table: when taken, chip, MAC, size. With `pick`, each row is a radio button; a
 * backup that cannot go onto the board is shown disabled with the sentence that says why.
 */
import type { EspBackupInfo } from '@contract/espCalls';
import { dateTime } from '../../../format/time';
import { messages } from '../../../messages';

export function BackupTable({
  caption,
  backups,
  pick,
}: {
  caption: string;
  backups: readonly EspBackupInfo[];
  pick?: {
    chosen: string | null;
    onPick: (b: EspBackupInfo) => void;
    refusal: (b: EspBackupInfo) => string | null;
    note?: string;
  };
}) {
  const t = messages.espTools;
  const c = t.backupColumns;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table esp-backups">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {pick && (
              <th scope="col">
                <span className="visually-hidden">{t.pickBackup}</span>
              </th>
            )}
            <th scope="col">{c.date}</th>
            <th scope="col">{c.chip}</th>
            <th scope="col">{c.mac}</th>
            <th scope="col">{c.size}</th>
          </tr>
        </thead>
        <tbody>
          {backups.map((b) => {
            const when = dateTime(Date.parse(b.date));
            const refusal = pick?.refusal(b) ?? null;
            const id = `backup-${b.file}`;
            return (
              <tr key={b.file} className={refusal ? 'esp-backup-refused' : undefined}>
                {pick && (
                  <td>
                    <input
                      type="radio"
                      name="esp-backup"
                      id={id}
                      aria-label={t.pickLabel(when, b.mac)}
                      aria-describedby={refusal || pick.note ? `${id}-why` : undefined}
                      checked={pick.chosen === b.file}
                      disabled={refusal !== null}
                      onChange={() => pick.onPick(b)}
                    />
                  </td>
                )}
                <td>
                  {pick ? <label htmlFor={id}>{when}</label> : when}
                  {(refusal || pick?.note) && (
                    <div id={`${id}-why`} className={refusal ? 'esp-backup-why' : 'muted'}>
                      {refusal ?? pick?.note}
                    </div>
                  )}
                </td>
                <td>{b.chipName}</td>
                <td className="mono">{b.mac}</td>
                <td>{t.mb(b.flashSize)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
