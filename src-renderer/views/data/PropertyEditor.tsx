/**
 * One property's editor: its name (for a new one), its JSON value in a text area that refuses
 * what does not parse (naming the line), Save / Revert / Delete, the outcome, and its history.
 */
import type { Property } from '@contract/serverSchemas';
import type { Value } from '@contract/schemas';
import { messages } from '../../messages';
import { parseDraft, pretty } from './model';
import { PropertyHistory } from './PropertyHistory';
import type { usePropertyEditor } from './usePropertyEditor';

const t = messages.data;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface PropertyEditorProps {
  editorId: string;
  /** The property open; null while a new one is written. */
  current: Property | null;
  editor: ReturnType<typeof usePropertyEditor>;
  onSave: (name: string, value: Value) => void;
  onRemove: () => void;
}

export function PropertyEditor({
  editorId,
  current,
  editor,
  onSave,
  onRemove,
}: PropertyEditorProps) {
  const { name, setName, draft, setDraft } = editor;
  const parsed = parseDraft(draft);
  const nameOk = NAME.test(name);
  const dirty = current === null || !parsed.ok || pretty(parsed.value) !== pretty(current.value);
  return (
    <div className="data-prop-editor">
      {current === null && (
        <label className="data-label">
          {t.propertyName}
          <input
            className="field mono"
            value={name}
            aria-invalid={name !== '' && !nameOk}
            onChange={(e) => setName(e.target.value)}
            placeholder="config"
          />
          <span className="muted">{t.nameHint}</span>
        </label>
      )}
      <label className="data-label" htmlFor={editorId}>
        {current ? `${current.property} · ${t.value}` : t.value}
      </label>
      <textarea
        id={editorId}
        className="field mono data-json"
        spellCheck={false}
        rows={Math.min(18, Math.max(5, draft.split('\n').length + 1))}
        value={draft}
        aria-invalid={!parsed.ok}
        aria-describedby={`${editorId}-err`}
        onChange={(e) => setDraft(e.target.value)}
      />
      <p id={`${editorId}-err`} className={parsed.ok ? 'muted' : 'data-invalid'} role="status">
        {parsed.ok ? (dirty ? '' : t.unchanged) : t.invalid(parsed.line, parsed.message)}
      </p>
      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!parsed.ok || !nameOk || !dirty}
          onClick={() => parsed.ok && nameOk && onSave(name, parsed.value)}
        >
          {t.save}
        </button>
        <button
          type="button"
          className="btn"
          disabled={current === null || !dirty}
          onClick={() => current && setDraft(pretty(current.value))}
        >
          {t.revert}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={current === null}
          onClick={onRemove}
        >
          {editor.armed && current ? t.confirmRemove(current.property) : t.remove}
        </button>
        <span role="status" className="muted">
          {editor.notice}
        </span>
      </div>
      {current && <PropertyHistory history={editor.history} />}
    </div>
  );
}
