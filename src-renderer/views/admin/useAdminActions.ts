/**
 * Devices admin's actions while the view is shown (the palette and keys): Add device (`n`),
 * Delete the selected devices, and `/` to the filter.
 */
import { useMemo, type RefObject } from 'react';
import type { Device } from '@contract/schemas';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { messages } from '../../messages';

export function useAdminActions({
  onAdd,
  chosen,
  onDelete,
  filterField,
}: {
  onAdd(): void;
  chosen: Device[];
  onDelete(devices: Device[]): void;
  filterField: RefObject<HTMLInputElement | null>;
}): void {
  const t = messages.admin;
  const actions = useMemo<Action[]>(
    () => [
      { id: 'admin.add', label: t.add.action, group: t.group, keys: 'n', perform: onAdd },
      {
        id: 'admin.deleteSelected',
        label: t.remove.selected(chosen.length),
        group: t.group,
        enabled: () => chosen.length > 0,
        perform: () => onDelete(chosen),
      },
      {
        id: 'admin.filter',
        label: t.table.filter,
        group: t.group,
        keys: '/',
        perform: () => filterField.current?.focus(),
      },
    ],
    // The performers only set the view's dialog state; the list changes with the selection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, chosen],
  );
  useRegisterActions(actions);
}
