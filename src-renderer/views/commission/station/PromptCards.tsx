/** Manual checks and confirmations, oldest first; `p`, `f`, `n` answer the first. */
import type { CommissionRunInfo } from '@contract/commissionSchemas';
import { messages } from '../../../messages';
import { PromptCard } from './PromptCard';
import { usePromptKeys } from './usePromptKeys';

const t = messages.commission;

export function PromptCards({ run }: { run: CommissionRunInfo }) {
  const prompts = run.prompts;
  usePromptKeys(run.id, prompts);
  if (prompts.length === 0) return null;
  return (
    <section className="prompt-cards" aria-label={t.prompts.title}>
      <h2>
        {t.prompts.title} <span className="muted small">{t.prompts.keys}</span>
      </h2>
      {prompts.map((p) => (
        <PromptCard key={p.id} runId={run.id} prompt={p} />
      ))}
    </section>
  );
}
