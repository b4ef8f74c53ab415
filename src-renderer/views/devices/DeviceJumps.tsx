/**
 * Mounted once with the status bar, so the devices slice follows the broker app-wide (list,
 * presence, link return) and the command palette can jump to any device by name: "Open thermo"
 * (UI.md §2). Renders nothing.
 */
import { useEffect, useMemo } from 'react';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { useConnection } from '../../api/connection';
import { navigate } from '../../navigation/router';
import { messages } from '../../messages';
import { displayName, followDevices, useDevices } from '../../state/devices';
import { devicePageHref } from '../../navigation/links';
import { splitKey } from '../../state/devices';

/** `site/thermo · Boiler room`: what the palette matches a typed name against. */
const SEPARATOR = '\u0000';

export function DeviceJumps() {
  const usable = useConnection((s) => s.link !== 'no-token');
  useEffect(() => {
    if (!usable) return;
    try {
      return followDevices();
    } catch {
      // No API installed (a component test of the shell): nothing to follow.
      return undefined;
    }
  }, [usable]);

  // One string, so the actions are rebuilt only when devices or names change, not on counters.
  const signature = useDevices((s) =>
    s.keys
      .map((k) => {
        const d = s.devices[k];
        return `${k}${SEPARATOR}${d ? displayName(d) : ''}`;
      })
      .join('\n'),
  );
  const actions = useMemo<Action[]>(() => {
    if (!signature) return [];
    const t = messages.devices.actions;
    return signature.split('\n').map((line) => {
      const [key = '', name = ''] = line.split(SEPARATOR);
      const [user, device] = splitKey(key);
      return {
        id: `device.jump:${key}`,
        label: t.open(name ? `${key} · ${name}` : key),
        group: t.group,
        kind: 'jump',
        perform: () => navigate(devicePageHref({ user, device })),
      };
    });
  }, [signature]);
  useRegisterActions(actions);
  return null;
}
