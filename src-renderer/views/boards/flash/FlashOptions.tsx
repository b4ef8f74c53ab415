/**
 * Step 2's options: Verify after writing (on; a warning when off) and Back up current firmware
 * first (off), with the backup folder on the machine running main.
 */
import { useConnection } from '../../../api/connection';
import { Check } from '../../../components/Check';
import { messages } from '../../../messages';
import { useFlashWizard } from '../../../state/flashing';

export function FlashOptions({ backupDirWrong }: { backupDirWrong: boolean }) {
  const verify = useFlashWizard((s) => s.verify);
  const backup = useFlashWizard((s) => s.backup);
  const backupDir = useFlashWizard((s) => s.backupDir);
  const runtime = useConnection((s) => s.runtime);
  const host = useConnection((s) => s.host);
  const set = useFlashWizard.getState().set;
  const t = messages.flash.boards;
  return (
    <fieldset className="flash-options">
      <legend>{t.options}</legend>
      <Check
        checked={verify}
        onChange={(verify) => set({ verify })}
        label={t.verify}
        hint={t.verifyHint}
      />
      {!verify && (
        <p className="flash-warn" role="status">
          <span aria-hidden="true">▲</span> {t.verifyOffWarning}
        </p>
      )}
      <Check
        checked={backup}
        onChange={(backup) => set({ backup })}
        label={t.backup}
        hint={t.backupHint(runtime === 'console' ? host : messages.boards.thisComputer)}
      />
      {backup && (
        <label className="backup-dir">
          <span>{t.backupDir}</span>
          <input
            className="field mono"
            value={backupDir}
            placeholder={t.backupDirPlaceholder}
            spellCheck={false}
            aria-invalid={backupDirWrong || undefined}
            onChange={(e) => set({ backupDir: e.target.value })}
          />
        </label>
      )}
    </fieldset>
  );
}
