/**
 * Every operation of one resource panel as action objects (CONVENTIONS.md "Renderer"): the
 * panel's buttons, its menu and the tab's Mod+Enter perform these same objects, so a label or an
 * enabled rule cannot drift between them. Built without React from what the panel knows, so it
 * is testable on its own; `usePanelActions` memoises it. The types are in `panelActionTypes.ts`.
 */
import type { Action } from '../../actions/Action';
import { copyText } from '../../components/CopyButton';
import { hasNumbers, jsonText } from '../../model/pson';
import { messages } from '../../messages';
import { framesHref } from '../../navigation/links';
import { href, navigate } from '../../navigation/router';
import { askByDefault, run, setAsk } from '../../state/resources';
import { curlCommand, DESKTOP_API_ORIGIN } from './curl';
import type { PanelActions, PanelContext } from './panelActionTypes';

const t = messages.device.panel;

/** The page's token, for "Copy with token" in the web console (its URL carries it). */
const pageToken = (): string | null => new URLSearchParams(window.location.search).get('token');

const chartHref = (user: string, device: string, resource: string): string =>
  `${href('devices', user, device, 'charts')}?resource=${encodeURIComponent(resource)}`;

/** An action of this panel: its id is `resources.<name>.<resource key>`. */
function actionOf(ctx: PanelContext, name: string, fields: Omit<Action, 'id' | 'group'>): Action {
  return {
    id: `resources.${name}.${ctx.cmd.key}`,
    group: messages.device.tab.actionsGroup,
    ...fields,
  };
}

/** Copy as cURL's command line, with the console's token or without one. */
function curlOf(ctx: PanelContext, token: string | null): string {
  const { user, device, resource, fn } = ctx.target;
  return curlCommand({
    origin: ctx.runtime === 'console' ? window.location.origin : DESKTOP_API_ORIGIN,
    user,
    device,
    resource,
    fn,
    input: ctx.state.input,
    token,
    note: ctx.runtime === 'desktop',
  });
}

/** Run, Send or Refresh, and Cancel. */
function runActions(ctx: PanelContext): Pick<PanelActions, 'primary' | 'refresh' | 'cancel'> {
  const { target, cmd, state } = ctx;
  const { user, device, resource, fn } = target;
  const refresh = actionOf(ctx, 'refresh', {
    label: t.refresh,
    enabled: () => state.enabled,
    perform: () => run({ user, device, resource, fn: 3 }, undefined, cmd.words),
  });
  const primary =
    fn === 3
      ? refresh
      : actionOf(ctx, 'primary', {
          label: fn === 2 ? t.send : t.run,
          enabled: () => state.enabled && (fn === 1 || state.ready),
          perform: () => cmd.request(fn === 1 ? undefined : state.input),
        });
  const cancel = actionOf(ctx, 'cancel', { label: t.cancel, perform: cmd.cancel });
  return { primary, refresh, cancel };
}

/** Copy as cURL (with the page's token in the console) and Copy value as JSON. */
function copyActions(
  ctx: PanelContext,
): Pick<PanelActions, 'copyCurl' | 'copyCurlToken' | 'copyJson' | 'curlText'> {
  const { shown } = ctx.state;
  return {
    copyCurl: actionOf(ctx, 'curl', {
      label: t.copyCurl,
      perform: () => void copyText(curlOf(ctx, null)),
    }),
    copyCurlToken:
      ctx.runtime === 'console'
        ? actionOf(ctx, 'curlToken', {
            label: t.copyCurlToken,
            perform: () => void copyText(curlOf(ctx, pageToken())),
          })
        : null,
    copyJson: actionOf(ctx, 'json', {
      label: t.copyJson,
      enabled: () => shown !== undefined,
      perform: () => shown !== undefined && void copyText(jsonText(shown)),
    }),
    curlText: () => curlOf(ctx, null),
  };
}

/** Chart (where a number is), Show frames, and the Ask before changing switch. */
function otherActions(ctx: PanelContext): Pick<PanelActions, 'chart' | 'showFrames' | 'toggleAsk'> {
  const { user, device, resource, fn } = ctx.target;
  return {
    chart:
      (fn === 3 || fn === 4) && hasNumbers(ctx.state.shown)
        ? actionOf(ctx, 'chart', {
            label: t.chart,
            perform: () => navigate(chartHref(user, device, resource)),
          })
        : null,
    showFrames: actionOf(ctx, 'frames', {
      label: t.showFrames,
      perform: () => navigate(framesHref({ user, device })),
    }),
    toggleAsk: actionOf(ctx, 'ask', {
      label: t.askBefore,
      perform: () => setAsk(ctx.cmd.key, !(ctx.asked ?? askByDefault(fn))),
    }),
  };
}

export function panelActions(ctx: PanelContext): PanelActions {
  return { ...runActions(ctx), ...copyActions(ctx), ...otherActions(ctx) };
}
