/** Restore…'s path field for a backup file elsewhere on the machine running main. */
import { messages } from '../../../messages';
import { useHostName } from './useHostName';

export function ElsewhereField({
  value,
  onChange,
  problem,
}: {
  value: string;
  onChange: (text: string) => void;
  problem: string | null;
}) {
  const t = messages.espTools;
  const host = useHostName();
  return (
    <>
      <label className="esp-elsewhere">
        <span>{t.elsewhere(host)}</span>
        <input
          className="field mono"
          value={value}
          placeholder={t.elsewherePlaceholder}
          aria-invalid={problem !== null}
          aria-describedby="esp-elsewhere-problem"
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <p id="esp-elsewhere-problem" className="esp-backup-why" aria-live="polite">
        {problem ?? ''}
      </p>
    </>
  );
}
