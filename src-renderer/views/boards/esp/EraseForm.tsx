/**
 * Erase…: the whole flash, or a region typed as offset + length (hex or decimal, 4 KB sectors,
 * within the flash read on the port), then a confirmation that names the board.
 */
import { useState } from 'react';
import { messages } from '../../../messages';
import type { PortRow } from '../../../state/ports';
import { ConfirmStep } from './ConfirmStep';
import { EraseFields, type EraseDraft } from './EraseFields';
import { eraseChoiceOf, eraseConfirmation, type EraseChoice } from './espTools';

export function EraseForm({
  port,
  boardOn,
  starting,
  onErase,
}: {
  port: PortRow;
  boardOn: string;
  starting: boolean;
  onErase: (choice: EraseChoice) => void;
}) {
  const t = messages.espTools;
  const [draft, setDraft] = useState<EraseDraft>({
    whole: true,
    offset: '0x9000',
    length: '0x6000',
  });
  const [confirming, setConfirming] = useState(false);
  const { choice, problem } = eraseChoiceOf(
    draft.whole,
    draft.offset,
    draft.length,
    port.espChip?.flashSize ?? null,
  );

  if (confirming && choice)
    return (
      <ConfirmStep
        action={t.doErase(boardOn)}
        starting={starting}
        onBack={() => setConfirming(false)}
        onConfirm={() => onErase(choice)}
      >
        {eraseConfirmation(choice, boardOn)} <span className="muted">{t.backupFirstHint}</span>
      </ConfirmStep>
    );

  return (
    <>
      <EraseFields
        draft={draft}
        onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
        problem={problem}
        boardOn={boardOn}
      />
      <div className="admin-dialog-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={choice === null}
          onClick={() => setConfirming(true)}
        >
          {t.next}
        </button>
      </div>
    </>
  );
}
