/**
 * One prompt to the technician: a manual check (Pass, Fail, Skip) or a confirmation before a
 * write (Yes, No), with a note field.
 */
import type { CommissionPrompt } from '@contract/commissionSchemas';
import { messages } from '../../../messages';
import { answerPrompt, noteId, type Verdict } from './answerPrompt';

const t = messages.commission.prompts;

/** The buttons of each kind of prompt: verdict, label, style. */
const CHOICES: Record<CommissionPrompt['kind'], readonly (readonly [Verdict, string, string])[]> = {
  manual: [
    ['pass', t.pass, 'btn btn-primary'],
    ['fail', t.fail, 'btn btn-danger'],
    ['skip', t.skip, 'btn btn-quiet'],
  ],
  confirm: [
    ['yes', t.yes, 'btn btn-primary'],
    ['no', t.no, 'btn'],
  ],
};

export function PromptCard({ runId, prompt }: { runId: string; prompt: CommissionPrompt }) {
  const who = prompt.device ?? prompt.port;
  return (
    <article className="prompt-card" aria-label={`${who}: ${prompt.text}`}>
      <p>
        <strong>{who}</strong>: {prompt.text}
      </p>
      <div className="toolbar">
        {CHOICES[prompt.kind].map(([verdict, label, className]) => (
          <button
            key={verdict}
            type="button"
            className={className}
            onClick={() => void answerPrompt(runId, prompt, verdict)}
          >
            {label}
          </button>
        ))}
        <input id={noteId(prompt)} className="field" aria-label={t.note} placeholder={t.note} />
      </div>
    </article>
  );
}
