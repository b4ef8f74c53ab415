/**
 * What the property editor holds: the property open (null: a new one), its name and JSON draft,
 * its history of changes, the outcome line, and Delete's second-press arming.
 */
import { useCallback, useState } from 'react';
import type { Property } from '@contract/serverSchemas';
import type { Value } from '@contract/schemas';
import { api } from '../../api/connection';
import { pretty } from './model';

/** Changes of a property listed under its editor. */
const HISTORY_LIMIT = 50;

export interface PropertyChange {
  value: Value | null;
  ts: number;
  source: string;
}

export function usePropertyEditor(user: string, device: string) {
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [draft, setDraft] = useState('');
  const [history, setHistory] = useState<PropertyChange[]>([]);
  const [notice, setNotice] = useState('');
  /** Delete asks once more on the same button (no modal for a reversible-by-typing change). */
  const [armed, setArmed] = useState(false);

  const open = useCallback(
    async (p: Property | null) => {
      setSelected(p?.property ?? null);
      setName(p?.property ?? '');
      setDraft(p ? pretty(p.value) : '{\n  \n}');
      setNotice('');
      setArmed(false);
      setHistory(
        p
          ? (
              await api().properties.history({
                user,
                device,
                property: p.property,
                limit: HISTORY_LIMIT,
              })
            ).changes
          : [],
      );
    },
    [user, device],
  );
  return {
    selected,
    name,
    setName,
    draft,
    setDraft,
    history,
    notice,
    setNotice,
    armed,
    setArmed,
    open,
  };
}
