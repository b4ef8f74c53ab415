/**
 * The device context menu (UI.md §3.1): Open, Copy id, Identify (when the device has a run
 * resource `identify`), Show frames, Reset credential…, Delete…. Opened by a right click, the
 * menu key or Shift+F10; arrows move, Enter runs, Esc or Tab closes and focus returns to the tree.
 */
import { useMemo } from 'react';
import { isEnabled, type Action } from '../../actions/Action';
import { messages } from '../../messages';
import { splitKey, useDevices } from '../../state/devices';
import { deviceCommands, offersIdentify } from './deviceCommands';
import { useRovingMenu } from './useRovingMenu';

export interface MenuAnchor {
  key: string;
  x: number;
  y: number;
}

export function DeviceMenu({
  anchor,
  notify,
  onClose,
}: {
  anchor: MenuAnchor;
  notify(text: string): void;
  onClose(): void;
}) {
  const [user, device] = splitKey(anchor.key);
  // Re-render when the resource list arrives, so Identify shows up.
  const identify = useDevices((s) => offersIdentify(s.resources[anchor.key]));
  const items = useMemo(() => {
    const c = deviceCommands({ user, device }, { notify });
    const t = messages.devices.menu;
    const list: [Action, string][] = [
      [c.open, t.open],
      [c.copyId, t.copyId],
      ...(identify ? [[c.identify, t.identify] as [Action, string]] : []),
      [c.showFrames, t.showFrames],
      [c.resetCredential, t.resetCredential],
      [c.remove, t.remove],
    ];
    return list;
  }, [user, device, notify, identify]);
  const { index, setIndex, menuRef, onKeyDown } = useRovingMenu(items.length, onClose);

  const run = (a: Action): void => {
    if (!isEnabled(a)) return;
    onClose();
    a.perform();
  };

  // Keep the menu inside the window.
  const style = {
    left: Math.min(anchor.x, window.innerWidth - 240),
    top: Math.min(anchor.y, window.innerHeight - 44 * items.length - 16),
  };

  return (
    <div
      ref={menuRef}
      role="menu"
      aria-label={messages.devices.menu.label(device)}
      className="device-menu"
      style={style}
      onKeyDown={onKeyDown}
    >
      {items.map(([action, label], i) => (
        <button
          key={action.id}
          type="button"
          role="menuitem"
          tabIndex={i === index ? 0 : -1}
          className="menu-item"
          aria-disabled={!isEnabled(action)}
          onClick={() => run(action)}
          onMouseEnter={() => setIndex(i)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
