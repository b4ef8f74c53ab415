/**
 * A device's properties (UI.md §3.2 Properties & data): the list, one property's JSON in an
 * editor that refuses what does not parse (naming the line), Save / Revert / Delete, and the
 * history of changes with who made each (the device, the console, an access token).
 */
import { useId } from 'react';
import type { Value } from '@contract/schemas';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { PropertyEditor } from './PropertyEditor';
import { PropertyList } from './PropertyList';
import { usePropertyEditor } from './usePropertyEditor';
import { usePropertyList } from './usePropertyList';

const t = messages.data;

export function PropertiesSection({ user, device }: { user: string; device: string }) {
  const editor = usePropertyEditor(user, device);
  const { open, setNotice, armed, setArmed } = editor;
  const { list, error, setError, load } = usePropertyList(user, device, open);
  const editorId = useId();
  const current = list?.find((p) => p.property === editor.selected) ?? null;

  const save = async (name: string, value: Value): Promise<void> => {
    try {
      const p = await api().properties.set({ user, device, property: name, value });
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
        <PropertyList list={list} selected={editor.selected} onOpen={(p) => void open(p)} />
        <PropertyEditor
          editorId={editorId}
          current={current}
          editor={editor}
          onSave={(name, value) => void save(name, value)}
          onRemove={() => void remove()}
        />
      </div>
    </section>
  );
}
