/**
 * Erase…: the whole flash, or a region typed as offset + length (hex or decimal, 4 KB sectors,
 * within the flash read on the port), then a confirmation that names the board.
 */
import { useState } from 'react';
import { messages } from '../../../messages';
import type { PortRow } from '../../../state/ports';
import { ConfirmStep } from './ConfirmStep';
import { checkRegion, hexOf } from './espTools';

export type EraseChoice = 'all' | { offset: number; length: number };

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
  const [whole, setWhole] = useState(true);
  const [offset, setOffset] = useState('0x9000');
  const [length, setLength] = useState('0x6000');
  const [confirming, setConfirming] = useState(false);
  const checked = checkRegion(offset, length, port.espChip?.flashSize ?? null);
  const problem = !whole && 'problem' in checked ? checked.problem : null;
  const choice: EraseChoice | null = whole ? 'all' : 'region' in checked ? checked.region : null;

  if (confirming && choice)
    return (
      <ConfirmStep
        action={t.doErase(boardOn)}
        starting={starting}
        onBack={() => setConfirming(false)}
        onConfirm={() => onErase(choice)}
      >
        {choice === 'all'
          ? t.confirmEraseAll(boardOn)
          : t.confirmEraseRegion(
              hexOf(choice.offset),
              hexOf(choice.offset + choice.length),
              boardOn,
            )}{' '}
        <span className="muted">{t.backupFirstHint}</span>
      </ConfirmStep>
    );

  return (
    <>
      <fieldset className="esp-erase-choice">
        <legend className="visually-hidden">{t.titles.erase(boardOn)}</legend>
        <label>
          <input type="radio" name="esp-erase" checked={whole} onChange={() => setWhole(true)} />{' '}
          {t.eraseAll} <span className="muted">· {t.eraseAllHint}</span>
        </label>
        <label>
          <input type="radio" name="esp-erase" checked={!whole} onChange={() => setWhole(false)} />{' '}
          {t.eraseRegion} <span className="muted">· {t.eraseRegionHint}</span>
        </label>
        {!whole && (
          <div className="esp-region">
            <label>
              {t.offset}{' '}
              <input
                className="field mono"
                value={offset}
                aria-invalid={problem !== null}
                aria-describedby="esp-region-problem"
                onChange={(e) => setOffset(e.target.value)}
              />
            </label>
            <label>
              {t.length}{' '}
              <input
                className="field mono"
                value={length}
                aria-invalid={problem !== null}
                aria-describedby="esp-region-problem"
                onChange={(e) => setLength(e.target.value)}
              />
            </label>
          </div>
        )}
        <p id="esp-region-problem" className="esp-backup-why" aria-live="polite">
          {problem ?? ''}
        </p>
      </fieldset>
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
