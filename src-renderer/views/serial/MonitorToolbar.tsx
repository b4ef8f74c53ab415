/**
 * The monitor's toolbar (UI.md §3.9): Text / Hex / Plotter, Timestamps, Autoscroll, then Pause
 * display, Clear, Copy all, Save to file and Search (the last four are also actions with keys).
 */
import { Check } from '../../components/Check';
import { messages } from '../../messages';
import type { PortSettings } from '../../state/serialSettings';

export function MonitorToolbar({
  port,
  settings,
  update,
  paused,
  copied,
  searching,
  on,
}: {
  port: string;
  settings: PortSettings;
  update(patch: Partial<PortSettings>): void;
  paused: boolean;
  copied: boolean;
  searching: boolean;
  on: {
    togglePause(): void;
    clear(): void;
    copyAll(): void;
    save(): void;
    openSearch(): void;
  };
}) {
  const t = messages.serial;
  return (
    <div className="serial-toolbar" role="toolbar" aria-label={t.toolbar(port)}>
      <div className="serial-seg" role="group" aria-label={t.view}>
        {(['text', 'hex', 'plot'] as const).map((v) => (
          <button
            key={v}
            type="button"
            className="btn"
            aria-pressed={settings.view === v}
            onClick={() => update({ view: v })}
          >
            {v === 'text' ? t.text : v === 'hex' ? t.hex : t.plotter}
          </button>
        ))}
      </div>
      <Check
        className="serial-check"
        checked={settings.timestamps}
        onChange={(timestamps) => update({ timestamps })}
        label={t.timestamps}
      />
      <Check
        className="serial-check"
        checked={settings.autoscroll}
        onChange={(autoscroll) => update({ autoscroll })}
        label={t.autoscroll}
      />
      <span className="serial-gap" />
      <button type="button" className="btn" aria-pressed={paused} onClick={on.togglePause}>
        {paused ? t.resume : t.pause}
      </button>
      <button type="button" className="btn" onClick={on.clear}>
        {t.clear}
      </button>
      <button type="button" className="btn" onClick={on.copyAll}>
        {copied ? messages.common.copied : t.copyAll}
      </button>
      <button type="button" className="btn" onClick={on.save}>
        {t.save}
      </button>
      <button type="button" className="btn" aria-expanded={searching} onClick={on.openSearch}>
        {t.search}
      </button>
    </div>
  );
}
