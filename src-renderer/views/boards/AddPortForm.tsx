/** "Add port by path…" (UI.md §3.7): pseudo-terminals and ports the listing does not show. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { usePorts } from '../../state/ports';
import { asSentence } from '../../format/sentence';

export function AddPortForm({ onDone }: { onDone: () => void }) {
  const [path, setPath] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const addByPath = usePorts((s) => s.addByPath);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<Element | null>(null);
  const t = messages.boards.addForm;

  useEffect(() => {
    opener.current = document.activeElement;
    input.current?.focus();
    // Focus goes back where it came from when the form closes.
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, []);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const value = path.trim();
    if (!value) {
      setError(new Error(t.empty));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await addByPath(value);
      onDone();
    } catch (err) {
      setError(asSentence(err));
      setBusy(false);
    }
  };

  return (
    <form
      className="add-port"
      aria-label={t.title}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
      }}
    >
      <div className="add-port-row">
        <label className="add-port-label" htmlFor="add-port-path">
          {t.label}
        </label>
        <input
          id="add-port-path"
          ref={input}
          className="field mono add-port-field"
          value={path}
          placeholder={t.placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby="add-port-hint"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t.adding : t.add}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {messages.common.cancel}
        </button>
      </div>
      <p id="add-port-hint" className="muted add-port-hint">
        {t.hint}
      </p>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
