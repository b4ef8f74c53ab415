/**
 * The follow list (UI.md §3.5, issue 16): several devices or all (the default). The choice lives
 * in the route (`?device=a&device=b`), so Back restores it and other views can link here. "All"
 * on a large site follows a bounded number of devices, and the button says so ("Following 16 of
 * 205"); a search box narrows the list, and "Follow the N shown" makes them the follow list.
 */
import { useState } from 'react';
import { navigate } from '../../navigation/router';
import { usePopover } from '../../components/usePopover';
import { StatusGlyph } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import { inspectorHref } from '../../navigation/inspectorLink';

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
  const toggle = (key: string): void =>
    choose(selection.includes(key) ? selection.filter((k) => k !== key) : [...selection, key]);
  // Devices named by the route but not (yet) known stay listed, so they can be unticked.
  const listed = [
    ...devices,
    ...selection
      .filter((k) => !devices.some((d) => d.key === k))
      .map((key) => ({ key, online: false })),
  ];
  const needle = query.trim().toLowerCase();
  const shown = needle ? listed.filter((d) => d.key.toLowerCase().includes(needle)) : listed;

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
        <fieldset className="device-picker-panel" aria-label={t.label}>
          <input
            type="search"
            className="field picker-search"
            aria-label={t.search}
            placeholder={t.searchPlaceholder}
            value={query}
            autoFocus
            onChange={(e) => setQuery(e.target.value)}
          />
          {needle ? (
            <button
              type="button"
              className="btn"
              disabled={!shown.length}
              onClick={() => choose(shown.map((d) => d.key))}
            >
              {t.chooseShown(shown.length)}
            </button>
          ) : (
            <label className="picker-row">
              <input type="checkbox" checked={selection.length === 0} onChange={() => choose([])} />
              <span>{t.all}</span>
            </label>
          )}
          {listed.length === 0 && <p className="muted">{t.none}</p>}
          {listed.length > 0 && shown.length === 0 && <p className="muted">{t.noMatch}</p>}
          {shown.map((d) => (
            <label key={d.key} className="picker-row">
              <input
                type="checkbox"
                checked={selection.includes(d.key)}
                onChange={() => toggle(d.key)}
              />
              <span className="mono">{d.key}</span>
              <StatusGlyph status={d.online ? 'online' : 'offline'} />
            </label>
          ))}
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            {t.close}
          </button>
        </fieldset>
      )}
    </div>
  );
}
