/**
 * A device's properties (UI.md §3.2 Properties & data): the list, one property's JSON in an
 * editor that refuses what does not parse (naming the line), Save / Revert / Delete, and the
 * history of changes with who made each (the device, the console, an access token).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { Property } from '@contract/serverSchemas';
import type { Value } from '@contract/schemas';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dateTime } from '../../format/time';
import { messages } from '../../messages';
import { parseDraft, pretty, sourceWords } from './model';

const t = messages.data;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

interface Change {
  value: Value | null;
  ts: number;
  source: string;
}

export function PropertiesSection({ user, device }: { user: string; device: string }) {
  const [list, setList] = useState<Property[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [draft, setDraft] = useState('');
  const [history, setHistory] = useState<Change[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  /** Delete asks once more on the same button (no modal for a reversible-by-typing change). */
  const [armed, setArmed] = useState(false);
  const editorId = useId();

  const fetchList = useCallback(
    () =>
      api()
        .properties.list({ user, device })
        .then((r) => r.properties),
    [user, device],
  );
  const load = useCallback(
    (): Promise<Property[]> =>
      fetchList().then(
        (props) => {
          setList(props);
          setError(null);
          return props;
        },
        (e: unknown) => {
          setError(e);
          return [];
        },
      ),
    [fetchList],
  );

  const open = useCallback(
    async (p: Property | null) => {
      setSelected(p?.property ?? null);
      setName(p?.property ?? '');
      setDraft(p ? pretty(p.value) : '{\n  \n}');
      setNotice('');
      setArmed(false);
      setHistory(
        p
          ? (await api().properties.history({ user, device, property: p.property, limit: 50 }))
              .changes
          : [],
      );
    },
    [user, device],
  );

  useEffect(() => {
    let live = true;
    fetchList().then(
      (props) => {
        if (!live) return;
        setList(props);
        void open(props[0] ?? null);
      },
      (e: unknown) => live && setError(e),
    );
    // Changes made elsewhere (the device, a script) show up as they happen.
    const off = api().on('users.events', { user }, (e) => {
      if (e.device === device && e.event.startsWith('device_property')) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [user, device, fetchList, load, open]);

  const current = list?.find((p) => p.property === selected) ?? null;
  const parsed = parseDraft(draft);
  const nameOk = NAME.test(name);
  const dirty = current === null || !parsed.ok || pretty(parsed.value) !== pretty(current.value);

  const save = async (): Promise<void> => {
    if (!parsed.ok || !nameOk) return;
    try {
      const p = await api().properties.set({ user, device, property: name, value: parsed.value });
      const props = await load();
      await open(props.find((x) => x.property === p.property) ?? p);
      setNotice(t.saved(p.property));
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (): Promise<void> => {
    if (!current) return;
    if (!armed) {
      setArmed(true);
      return;
    }
    try {
      await api().properties.remove({ user, device, property: current.property });
      const props = await load();
      await open(props[0] ?? null);
      setNotice(t.removed(current.property));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="data-section" aria-labelledby={`${editorId}-h`}>
      <header className="data-section-head">
        <h3 id={`${editorId}-h`}>{t.properties}</h3>
        <p className="muted">{t.propertiesHint}</p>
      </header>
      {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
      <div className="data-props">
        <ul className="data-prop-list" aria-label={t.properties}>
          {list?.length === 0 && <li className="muted">{t.noProperties}</li>}
          {list?.map((p) => (
            <li key={p.property}>
              <button
                type="button"
                className="btn btn-quiet data-prop-item mono"
                aria-pressed={p.property === selected}
                onClick={() => void open(p)}
              >
                {p.property}
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="btn" onClick={() => void open(null)}>
              {t.newProperty}
            </button>
          </li>
        </ul>
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
              onClick={() => void save()}
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
              onClick={() => void remove()}
            >
              {armed && current ? t.confirmRemove(current.property) : t.remove}
            </button>
            <span role="status" className="muted">
              {notice}
            </span>
          </div>
          {current && (
            <div className="data-history">
              <h4>{t.history}</h4>
              {history.length === 0 ? (
                <p className="muted">{t.noHistory}</p>
              ) : (
                <ol aria-label={t.history}>
                  {history.map((c, i) => (
                    <li key={`${c.ts}-${i}`}>
                      <time className="muted">{dateTime(c.ts)}</time>{' '}
                      <span>{t.by(sourceWords(c.source))}</span>{' '}
                      <code className="mono">
                        {c.value === null ? t.deleted : JSON.stringify(c.value)}
                      </code>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
