/**
 * Settings → Endpoints (UI.md §3.10): name → URL, method, headers, validated as you type. Edits
 * are a persisted draft until saved; a save that fails keeps them as typed and says why. One
 * endpoint's fields are an EndpointRow.
 */
import { useMemo, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { useSettings, type EndpointDraft } from '../../state/settings';
import { EndpointRow } from './EndpointRow';
import { endpointErrors, fromEndpoints, hasErrors, newDraft, toEndpoints } from './endpoints';

export function EndpointsEditor() {
  const t = messages.settings.endpoints;
  const saved = useSettings((s) => s.settings?.endpoints);
  const drafts = useSettings((s) => s.endpointDrafts);
  const pending = useSettings((s) => s.endpointsPending);
  const error = useSettings((s) => s.endpointsError);
  const edit = useSettings((s) => s.editEndpoints);
  const revert = useSettings((s) => s.revertEndpoints);
  const save = useSettings((s) => s.saveEndpoints);
  const fromSaved = useMemo(() => fromEndpoints(saved ?? {}), [saved]);
  const rows = drafts ?? fromSaved;
  const errors = useMemo(() => endpointErrors(rows), [rows]);
  const invalid = hasErrors(errors);
  /** Fields left once (`id:field`): an empty required field only complains after that. */
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = useState(false);
  const errorOf = (r: EndpointDraft, field: 'name' | 'url' | 'headers'): string | null => {
    const e = errors.get(r.id)?.[field] ?? null;
    if (field === 'headers') return e;
    return r[field] !== '' || tried || touched.has(`${r.id}:${field}`) ? e : null;
  };
  const trySave = (): void => {
    setTried(true);
    if (!invalid) void save(toEndpoints(rows)).then((ok) => ok && setTried(false));
  };

  return (
    <>
      <p className="muted">{t.intro}</p>
      {rows.length === 0 ? <p>{t.none}</p> : null}
      <ul className="endpoint-list">
        {rows.map((r) => (
          <EndpointRow
            key={r.id}
            row={r}
            errorOf={(field) => errorOf(r, field)}
            onLeave={(field) => setTouched((s) => new Set(s).add(`${r.id}:${field}`))}
            onChange={(patch) => edit(rows.map((o) => (o.id === r.id ? { ...o, ...patch } : o)))}
            onRemove={() => edit(rows.filter((o) => o.id !== r.id))}
            saved={!drafts && saved?.[r.name] !== undefined}
          />
        ))}
      </ul>
      {error ? <ErrorNotice error={error} title={t.saveFailed} /> : null}
      <div className="row settings-actions">
        <button type="button" className="btn" onClick={() => edit([...rows, newDraft()])}>
          {t.add}
        </button>
        <span className="settings-spacer" />
        {drafts ? <span className="muted">{t.unsaved}</span> : null}
        <button type="button" className="btn" disabled={!drafts || pending} onClick={revert}>
          {t.revert}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!drafts || pending}
          onClick={trySave}
        >
          {pending ? t.saving : t.save}
        </button>
      </div>
      <p className="muted settings-small">{t.noTest}</p>
    </>
  );
}
