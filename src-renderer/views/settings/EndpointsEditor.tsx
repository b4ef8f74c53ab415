/**
 * Settings → Endpoints (UI.md §3.10): name → URL, method, headers, validated as you type. Edits
 * are a persisted draft until saved; a save that fails keeps them as typed and says why.
 */
import { useMemo, useState } from 'react';
import { api } from '../../api/connection';
import type { Value } from '@contract/schemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { useSettings, type EndpointDraft } from '../../state/settings';
import { Field, SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import {
  endpointErrors,
  fromEndpoints,
  hasErrors,
  METHODS,
  newDraft,
  toEndpoints,
} from './endpoints';

function HeadersField({
  value,
  error,
  onValue,
}: {
  value: string;
  error: string | null;
  onValue: (v: string) => void;
}) {
  const t = messages.settings.endpoints;
  return (
    <Field className="endpoint-headers" label={t.headers} error={error}>
      {(control) => (
        <textarea
          className="field mono"
          rows={2}
          placeholder={t.headersHint}
          spellCheck={false}
          value={value}
          onChange={(e) => onValue(e.target.value)}
          {...control}
        />
      )}
    </Field>
  );
}

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
  const shown = (id: string, field: 'name' | 'url', value: string): string | null =>
    value !== '' || tried || touched.has(`${id}:${field}`)
      ? (errors.get(id)?.[field] ?? null)
      : null;
  const leave = (id: string, field: string) => (): void =>
    setTouched((s) => new Set(s).add(`${id}:${field}`));
  const trySave = (): void => {
    setTried(true);
    if (!invalid) void save(toEndpoints(rows)).then((ok) => ok && setTried(false));
  };

  const change = (id: string, patch: Partial<EndpointDraft>): void =>
    edit(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  return (
    <>
      <p className="muted">{t.intro}</p>
      {rows.length === 0 ? <p>{t.none}</p> : null}
      <ul className="endpoint-list">
        {rows.map((r) => {
          const e = errors.get(r.id);
          return (
            <li key={r.id} className="endpoint-row">
              <TextField
                className="endpoint-name"
                label={t.name}
                value={r.name}
                error={shown(r.id, 'name', r.name)}
                onValue={(name) => change(r.id, { name })}
                onBlur={leave(r.id, 'name')}
                mono
              />
              <TextField
                className="endpoint-url"
                label={t.url}
                value={r.url}
                type="url"
                placeholder="https://"
                error={shown(r.id, 'url', r.url)}
                onValue={(url) => change(r.id, { url })}
                onBlur={leave(r.id, 'url')}
                mono
              />
              <SelectField
                className="endpoint-method"
                label={t.method}
                value={r.method}
                options={METHODS.map((m) => [m, m] as const)}
                onValue={(method) => change(r.id, { method })}
              />
              <HeadersField
                value={r.headers}
                error={e?.headers ?? null}
                onValue={(headers) => change(r.id, { headers })}
              />
              <BodyField value={r.body ?? ''} onValue={(body) => change(r.id, { body })} />
              <TestCall name={r.name} saved={!drafts && saved?.[r.name] !== undefined} />
              <button
                type="button"
                className="btn btn-quiet endpoint-remove"
                aria-label={t.remove(r.name)}
                onClick={() => edit(rows.filter((o) => o.id !== r.id))}
              >
                {t.removeLabel}
              </button>
            </li>
          );
        })}
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

/** Body templates a technician starts from (then edits). */
const TEMPLATES: Record<string, string> = {
  json: '{{payload}}',
  slack: '{"text": "{{device}}: {{message}}"}',
  telegram: '{"chat_id": "<chat id>", "text": "{{device}}: {{message}}"}',
};

function BodyField({ value, onValue }: { value: string; onValue: (v: string) => void }) {
  const t = messages.settings.endpoints;
  return (
    <Field className="endpoint-body" label={t.body} hint={t.bodyHint}>
      {(control) => (
        <>
          <div className="row">
            <select
              className="field"
              aria-label={t.templates}
              value="none"
              onChange={(e) =>
                e.target.value !== 'none' && onValue(TEMPLATES[e.target.value] ?? '')
              }
            >
              {Object.entries(t.templateNames).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <textarea
            className="field mono"
            rows={2}
            value={value}
            spellCheck={false}
            onChange={(e) => onValue(e.target.value)}
            {...control}
          />
        </>
      )}
    </Field>
  );
}

/** Calls the saved endpoint through main with test data and shows its answer. */
function TestCall({ name, saved }: { name: string; saved: boolean }) {
  const t = messages.settings.endpoints;
  const [data, setData] = useState('{"device": "test", "message": "hello"}');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ status: number; ms: number; body: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (): Promise<void> => {
    let parsed: Value;
    try {
      parsed = JSON.parse(data) as Value;
    } catch {
      return setError(new Error(t.testBadData));
    }
    setBusy(true);
    setError(null);
    try {
      // Endpoints are the site's: any user name reaches the same list.
      setAnswer(await api().endpoints.call({ user: 'site', endpoint: name, data: parsed }));
    } catch (e) {
      setAnswer(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="endpoint-test">
      <TextField label={t.testData} value={data} onValue={setData} mono />
      <button
        type="button"
        className="btn"
        disabled={!saved || busy}
        title={saved ? undefined : t.testSaveFirst}
        onClick={() => void run()}
      >
        {busy ? t.testing : t.test}
      </button>
      {!saved && <span className="muted settings-small">{t.testSaveFirst}</span>}
      {answer && (
        <div role="status" data-testid={`endpoint-answer-${name}`}>
          <strong>{t.testAnswer(answer.status, answer.ms)}</strong>
          <pre className="mono endpoint-answer">{answer.body}</pre>
        </div>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}
