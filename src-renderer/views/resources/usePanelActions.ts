/**
 * Every operation of one resource panel as action objects (CONVENTIONS.md "Renderer"): the
 * panel's buttons, its menu and the tab's Mod+Enter perform these same objects, so a label or an
 * enabled rule cannot drift between them.
 */
import { useMemo } from 'react';
import type { Action } from '../../actions/Action';
import { useConnection } from '../../api/connection';
import { href, navigate } from '../../navigation/router';
import { copyText } from '../../components/CopyButton';
import { jsonText, type Value, hasNumbers } from '../../model/pson';
import { messages } from '../../messages';
import { askByDefault, run, setAsk, useResources } from '../../state/resources';
import type { ResourceCommands, PanelTarget } from './commands';
import { framesHref } from '../../navigation/links';
import { curlCommand, DESKTOP_API_ORIGIN } from './curl';

const t = messages.device.panel;

export interface PanelActions {
  /** Run (fn 1, 4), Send (fn 2), Refresh (fn 3). */
  primary: Action;
  /** Refresh of an output (fn 3, 4 read it; same as primary for fn 3). */
  refresh: Action;
  cancel: Action;
  /** Only where a number is: an output whose value (read or described) holds one (issue 16). */
  chart: Action | null;
  copyCurl: Action;
  copyCurlToken: Action | null;
  copyJson: Action;
  showFrames: Action;
  toggleAsk: Action;
  /** The cURL line of Copy as cURL (for the footer's copy button). */
  curlText: () => string;
}

export interface PanelState {
  /** The device is online and the link to main is up. */
  enabled: boolean;
  /** The form holds a value that can be sent. */
  ready: boolean;
  /** What Send or Run sends (fn 2, 4). */
  input: Value | undefined;
  /** What "Copy value as JSON" copies: the output, or the reported state of an input. */
  shown: Value | undefined;
}

/** The page's token, for "Copy with token" in the web console (its URL carries it). */
const pageToken = (): string | null => new URLSearchParams(window.location.search).get('token');

const chartHref = (user: string, device: string, resource: string): string =>
  `${href('devices', user, device, 'charts')}?resource=${encodeURIComponent(resource)}`;

export function usePanelActions(
  target: PanelTarget,
  cmd: ResourceCommands,
  state: PanelState,
): PanelActions {
  const runtime = useConnection((s) => s.runtime);
  const asked = useResources((s) => s.ask[cmd.key]);
  const { user, device, resource, fn } = target;
  const { enabled, ready, input, shown } = state;
  return useMemo(() => {
    const id = (name: string): string => `resources.${name}.${cmd.key}`;
    const group = messages.device.tab.actionsGroup;
    const curl = (token: string | null): string =>
      curlCommand({
        origin: runtime === 'console' ? window.location.origin : DESKTOP_API_ORIGIN,
        user,
        device,
        resource,
        fn,
        input,
        token,
        note: runtime === 'desktop',
      });
    const refresh: Action = {
      id: id('refresh'),
      label: t.refresh,
      group,
      enabled: () => enabled,
      perform: () => run({ user, device, resource, fn: 3 }, undefined, cmd.words),
    };
    const primary: Action =
      fn === 3
        ? refresh
        : {
            id: id('primary'),
            label: fn === 2 ? t.send : t.run,
            group,
            enabled: () => enabled && (fn === 1 || ready),
            perform: () => cmd.request(fn === 1 ? undefined : input),
          };
    return {
      primary,
      refresh,
      cancel: { id: id('cancel'), label: t.cancel, group, perform: cmd.cancel },
      chart:
        (fn === 3 || fn === 4) && hasNumbers(shown)
          ? {
              id: id('chart'),
              label: t.chart,
              group,
              perform: () => navigate(chartHref(user, device, resource)),
            }
          : null,
      copyCurl: {
        id: id('curl'),
        label: t.copyCurl,
        group,
        perform: () => void copyText(curl(null)),
      },
      copyCurlToken:
        runtime === 'console'
          ? {
              id: id('curlToken'),
              label: t.copyCurlToken,
              group,
              perform: () => void copyText(curl(pageToken())),
            }
          : null,
      copyJson: {
        id: id('json'),
        label: t.copyJson,
        group,
        enabled: () => shown !== undefined,
        perform: () => shown !== undefined && void copyText(jsonText(shown)),
      },
      showFrames: {
        id: id('frames'),
        label: t.showFrames,
        group,
        perform: () => navigate(framesHref({ user, device })),
      },
      toggleAsk: {
        id: id('ask'),
        label: t.askBefore,
        group,
        perform: () => setAsk(cmd.key, !(asked ?? askByDefault(fn))),
      },
      curlText: () => curl(null),
    };
  }, [runtime, asked, user, device, resource, fn, cmd, enabled, ready, input, shown]);
}
