/**
 * Tagging the tree's selection (issue 16 "device groups/tags … act on a selection"): a tag to add
 * to every selected device (the tags in use are offered), and the tags the selection carries,
 * each with how many selected devices carry it and a button that removes it from them.
 */
import { useMemo, useState } from 'react';
import { Tag } from '@contract/schemas';
import { messages } from '../../messages';
import { useDevices } from '../../state/devices';
import { tagCounts, tagDevices } from '../../state/deviceTags';
import { outcomeText } from './bulkCommands';
import { CarriedTags } from './CarriedTags';
import { selectedDevices } from './selection';

export function BulkTags({
  keys,
  notify,
  onDone,
}: {
  keys: readonly string[];
  notify(text: string): void;
  onDone(): void;
}) {
  const t = messages.devices.selection;
  const all = useDevices((s) => s.devices);
  const inUse = useMemo(() => tagCounts(all), [all]);
  const carried = useMemo(() => tagCounts(selectedDevices(all, keys)), [all, keys]);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = async (tag: string, on: boolean): Promise<void> => {
    setBusy(true);
    const outcome = await tagDevices(keys, tag, on);
    setBusy(false);
    const done = on ? t.tagged(tag, outcome.changed) : t.untagged(tag, outcome.changed);
    notify(outcomeText(outcome, done, t.tagFailed));
    if (on && !outcome.failed.length) onDone();
  };

  const add = (): void => {
    const parsed = Tag.safeParse(text);
    if (!parsed.success) return setProblem(messages.devices.tags.invalid);
    setProblem(null);
    setText('');
    void change(parsed.data, true);
  };

  return (
    <div className="tree-bulk-tags">
      <form
        className="tree-bulk-tag-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input
          className="field"
          aria-label={t.tagLabel}
          placeholder={t.tagPlaceholder}
          list="tree-bulk-tag-options"
          value={text}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => setText(e.target.value)}
          autoFocus
        />
        <datalist id="tree-bulk-tag-options">
          {inUse.map(({ tag }) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <button type="submit" className="btn" disabled={busy || !text.trim()}>
          {t.addTag(keys.length)}
        </button>
      </form>
      {problem && (
        <p role="alert" className="device-tag-problem">
          {problem}
        </p>
      )}
      <CarriedTags carried={carried} busy={busy} onRemove={(tag) => void change(tag, false)} />
    </div>
  );
}
