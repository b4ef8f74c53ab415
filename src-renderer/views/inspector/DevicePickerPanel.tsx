/**
 * The follow list's open panel: a search box, "All" (or "Follow the N shown" while searching), one
 * tick per device with its status, and Close. Devices named by the route but not (yet) known stay
 * listed, so they can be unticked.
 */
import { StatusGlyph } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import type { PickerDevice } from './DevicePicker';

const t = messages.inspector.devices;

export function DevicePickerPanel({
  devices,
  selection,
  query,
  onQuery,
  onChoose,
  onClose,
}: {
  devices: readonly PickerDevice[];
  selection: readonly string[];
  /** The search text (kept by the picker while the panel is closed). */
  query: string;
  onQuery(query: string): void;
  /** Follow these devices (none: all). */
  onChoose(keys: string[]): void;
  onClose(): void;
}) {
  const toggle = (key: string): void =>
    onChoose(selection.includes(key) ? selection.filter((k) => k !== key) : [...selection, key]);
  const listed = [
    ...devices,
    ...selection
      .filter((k) => !devices.some((d) => d.key === k))
      .map((key) => ({ key, online: false })),
  ];
  const needle = query.trim().toLowerCase();
  const shown = needle ? listed.filter((d) => d.key.toLowerCase().includes(needle)) : listed;

  return (
    <fieldset className="device-picker-panel" aria-label={t.label}>
      <input
        type="search"
        className="field picker-search"
        aria-label={t.search}
        placeholder={t.searchPlaceholder}
        value={query}
        autoFocus
        onChange={(e) => onQuery(e.target.value)}
      />
      {needle ? (
        <button
          type="button"
          className="btn"
          disabled={!shown.length}
          onClick={() => onChoose(shown.map((d) => d.key))}
        >
          {t.chooseShown(shown.length)}
        </button>
      ) : (
        <label className="picker-row">
          <input type="checkbox" checked={selection.length === 0} onChange={() => onChoose([])} />
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
      <button type="button" className="btn" onClick={onClose}>
        {t.close}
      </button>
    </fieldset>
  );
}
