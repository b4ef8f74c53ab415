/** Answers a technician's prompt, with the note typed in its card (if any). */
import type { CommissionPrompt } from '@contract/commissionSchemas';
import { api } from '../../../api/connection';

export type Verdict = 'pass' | 'fail' | 'skip' | 'yes' | 'no';

/** The id of a prompt's note field (the `n` key focuses it). */
export const noteId = (p: CommissionPrompt): string => `note-${p.id}`;

export async function answerPrompt(
  runId: string,
  p: CommissionPrompt,
  verdict: Verdict,
): Promise<void> {
  const note = (document.getElementById(noteId(p)) as HTMLInputElement | null)?.value;
  await api().commission.answer({ runId, promptId: p.id, verdict, ...(note ? { note } : {}) });
}
