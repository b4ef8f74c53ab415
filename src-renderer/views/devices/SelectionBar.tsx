/**
 * The bar over the tree while devices are ticked (issue 16 "act on a selection"): how many, how
 * many of them the filters hide, and what a technician does with several devices at once: tag
 * or untag them, read their resource lists again, inspect their frames, remove them (after a
 * confirmation that names them and asks for their count). Each outcome is said in the tree's
 * notice line, failures with the devices they hit.
 */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DeleteDevicesDialog } from '../../components/DeleteDevicesDialog';
import { messages } from '../../messages';
import { inspectorHref } from '../../navigation/inspectorLink';
import { refreshDevices, selectedKeys, useDevices } from '../../state/devices';
import { useIntent } from '../../actions/intents';
import { REMOVE_SELECTED_INTENT } from './actions';
import { BulkTags } from './BulkTags';
import { outcomeText, refreshLists } from './bulkCommands';
import { filteredKeys } from './deviceFilter';
import { selectedDevices } from './selection';
import { SelectionHead } from './SelectionHead';
import { selectTreeInput } from './treeInput';

const t = messages.devices.selection;

export function SelectionBar({ notify }: { notify(text: string): void }) {
  const keys = useDevices(useShallow((s) => selectedKeys(s)));
  const filters = useDevices(useShallow(selectTreeInput));
  const shown = useMemo(() => filteredKeys(filters), [filters]);
  const [tagging, setTagging] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [busy, setBusy] = useState(false);
  useIntent(REMOVE_SELECTED_INTENT, () => setRemoving(true));
  if (!keys.length) return null;
  const devices = selectedDevices(useDevices.getState().devices, keys);

  const refresh = async (): Promise<void> => {
    setBusy(true);
    const { outcome, offline } = await refreshLists(keys);
    setBusy(false);
    notify(outcomeText(outcome, t.refreshed(outcome.changed, offline), t.refreshFailed));
  };

  return (
    <div role="toolbar" aria-label={t.label} className="tree-selection">
      <SelectionHead keys={keys} shown={shown} />
      <div className="tree-selection-actions">
        <button
          type="button"
          className="btn"
          aria-expanded={tagging}
          title={t.tagTitle}
          onClick={() => setTagging((v) => !v)}
        >
          {t.tag}
        </button>
        <button
          type="button"
          className="btn"
          aria-label={t.refresh}
          title={t.refreshTitle}
          disabled={busy}
          onClick={() => void refresh()}
        >
          {t.refreshShort}
        </button>
        <a className="btn" href={inspectorHref(keys)} aria-label={t.inspect}>
          {t.inspectShort}
        </a>
        <button
          type="button"
          className="btn btn-danger"
          title={t.removeTitle}
          onClick={() => setRemoving(true)}
        >
          {t.remove}
        </button>
      </div>
      {tagging && <BulkTags keys={keys} notify={notify} onDone={() => setTagging(false)} />}
      {removing && (
        <DeleteDevicesDialog
          devices={devices}
          onClose={() => {
            setRemoving(false);
            // The tree drops removed devices (and their ticks) with the fresh list.
            void refreshDevices(false);
          }}
        />
      )}
    </div>
  );
}
