/** The devices ticked in Devices admin's table for a bulk delete; rows that are gone drop out. */
import { useMemo, useState } from 'react';
import type { Device } from '@contract/schemas';
import { useAdmin } from '../../state/admin';

export interface DeviceChoice {
  selected: ReadonlySet<string>;
  /** The ticked devices still registered. */
  chosen: Device[];
  select(keys: string[], on: boolean): void;
  /** Unticks devices that are no longer listed (after a dialog changed the list). */
  prune(): void;
}

export function useDeviceChoice(registered: readonly Device[]): DeviceChoice {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = useMemo(
    () => registered.filter((d) => selected.has(d.key)),
    [registered, selected],
  );
  const select = (keys: string[], on: boolean): void =>
    setSelected((s) => {
      const next = new Set(s);
      for (const k of keys)
        if (on) next.add(k);
        else next.delete(k);
      return next;
    });
  const prune = (): void =>
    setSelected(
      (s) => new Set([...s].filter((k) => useAdmin.getState().devices?.some((d) => d.key === k))),
    );
  return { selected, chosen, select, prune };
}
