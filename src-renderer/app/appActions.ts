/**
 * Every app-wide action, registered once by the shell (CONVENTIONS.md "Renderer"): the palette
 * finds them from any view. A view adds its list here; actions that need the view mounted (the
 * focused chart, the selected frame) stay in the view (`useRegisterActions`).
 */
import type { Action } from '../actions/Action';
import { adminActions } from '../views/admin/actions';
import { boardsActions } from '../views/boards/actions';
import { commissionActions } from '../views/commission/actions';
import { devicesActions } from '../views/devices/actions';
import { inspectorActions } from '../views/inspector/actions';
import { settingsActions } from '../views/settings/actions';
import { lastRouteOf } from './lastRoutes';
import { href, navigate } from '../navigation/router';
import { messages } from '../messages';
import { views } from './views';

const t = messages.shell;

/** `g d`, `g b`…: one per navigation entry, plus Flash (a page of Boards & Flash). */
const goActions: readonly Action[] = [
  ...views.map((v): Action => ({
    id: `go.${v.id}`,
    label: v.label,
    group: t.goTo,
    keys: `g ${v.goKey}`,
    perform: () => navigate(lastRouteOf(v.id, href(v.routes[0]))),
  })),
  {
    id: 'go.flash',
    label: t.nav.flash,
    group: t.goTo,
    keys: 'g f',
    perform: () => navigate(href('flash')),
  },
];

export const appActions: readonly Action[] = [
  ...goActions,
  ...adminActions,
  ...boardsActions,
  ...commissionActions,
  ...devicesActions,
  ...inspectorActions,
  ...settingsActions,
];
