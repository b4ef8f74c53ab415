/**
 * The follow list (UI.md §3.5, issue 16): several devices or all (the default). The choice lives
 * in the route (`?device=a&device=b`), so Back restores it and other views can link here. "All"
 * on a large site follows a bounded number of devices, and the button says so ("Following 16 of
 * 205"); a search box narrows the list, and "Follow the N shown" makes them the follow list.
 */
import { useState } from 'react';
import { navigate } from '../../navigation/router';
import { usePopover } from '../../components/usePopover';
import { messages } from '../../messages';
import { inspectorHref } from '../../navigation/inspectorLink';
import { DevicePickerPanel } from './DevicePickerPanel';

const t = messages.inspector.devices;

export interface PickerDevice {
  key: string;
  online: boolean;
}

export function DevicePicker({
  devices,
  selection,
  followed,
}: {
  devices: readonly PickerDevice[];
  selection: readonly string[];
  /** Devices followed now (all devices: capped). */
  followed: number;
}) {
  const { open, setOpen, root, onKeyDown } = usePopover();
  const [query, setQuery] = useState('');

  const summary =
    selection.length === 1 && selection[0] !== undefined
      ? selection[0]
      : t.button(selection.length, devices.length, followed);
  const choose = (keys: string[]): void => navigate(inspectorHref(keys));

  return (
    <div className="device-picker" ref={root} onKeyDown={onKeyDown}>
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        aria-haspopup="true"
        aria-label={`${t.label}: ${summary}`}
        onClick={() => setOpen(!open)}
      >
        <span className="muted" aria-hidden="true">
          {t.label}:{' '}
        </span>
        {summary}
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <DevicePickerPanel
          devices={devices}
          selection={selection}
          query={query}
          onQuery={setQuery}
          onChoose={choose}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
