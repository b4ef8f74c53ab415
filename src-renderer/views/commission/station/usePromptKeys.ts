/**
 * Keys for the oldest prompt while no text field has focus (UI.md §2: single-key shortcuts never
 * fire in a field): `p` passes and `f` fails a manual check, `n` focuses its note.
 */
import { useEffect } from 'react';
import type { CommissionPrompt } from '@contract/commissionSchemas';
import { answerPrompt, noteId } from './answerPrompt';

const typingIn = (el: HTMLElement | null): boolean =>
  !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);

export function usePromptKeys(runId: string, prompts: readonly CommissionPrompt[]): void {
  useEffect(() => {
    const first = prompts[0];
    if (!first) return;
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target as HTMLElement | null)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (first.kind === 'manual' && (e.key === 'p' || e.key === 'f')) {
        e.preventDefault();
        void answerPrompt(runId, first, e.key === 'p' ? 'pass' : 'fail');
      } else if (e.key === 'n') {
        e.preventDefault();
        document.getElementById(noteId(first))?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prompts, runId]);
}
