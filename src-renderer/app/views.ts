/**
 * The views of the navigation (UI.md §2): label, glyph, `g` shortcut and the routes they own.
 * `#/flash` belongs to Boards & Flash; device pages (`#/devices/<user>/<device>`) to Devices.
 */
import type { ComponentType } from 'react';
import { messages } from '../messages';
import type { Route } from '../navigation/router';
import { AdminView } from '../views/admin/AdminView';
import { AlarmsView } from '../views/alarms/AlarmsView';
import { OtaView } from '../views/ota/OtaView';
import { BoardsView } from '../views/boards/BoardsView';
import { CommissionView } from '../views/commission/CommissionView';
import { SiteView } from '../views/site/SiteView';
import { DevicesView } from '../views/devices/DevicesView';
import { InspectorView } from '../views/inspector/InspectorView';
import { SerialView } from '../views/serial/SerialView';
import { SettingsView } from '../views/settings/SettingsView';

export interface ViewDef {
  id: string;
  label: string;
  glyph: string;
  /** Second key of the `g` sequence that opens it. */
  goKey: string;
  /** First route segments this view renders; the first is its home. */
  routes: readonly [string, ...string[]];
  Component: ComponentType<{ route: Route }>;
}

const nav = messages.shell.nav;

export const views: readonly [ViewDef, ...ViewDef[]] = [
  {
    id: 'devices',
    label: nav.devices,
    glyph: '◫',
    goKey: 'd',
    routes: ['devices'],
    Component: DevicesView,
  },
  {
    id: 'boards',
    label: nav.boards,
    glyph: '⌁',
    goKey: 'b',
    routes: ['boards', 'flash'],
    Component: BoardsView,
  },
  {
    id: 'commission',
    label: nav.commission,
    glyph: '◎',
    goKey: 'c',
    routes: ['commission'],
    Component: CommissionView,
  },
  {
    id: 'site',
    label: nav.site,
    glyph: '▦',
    goKey: 't',
    routes: ['site'],
    Component: SiteView,
  },
  {
    id: 'serial',
    label: nav.serial,
    glyph: '⇌',
    goKey: 's',
    routes: ['serial'],
    Component: SerialView,
  },
  {
    id: 'inspector',
    label: nav.inspector,
    glyph: '≋',
    goKey: 'i',
    routes: ['inspector'],
    Component: InspectorView,
  },
  {
    id: 'alarms',
    label: nav.alarms,
    glyph: '⚠',
    goKey: 'l',
    routes: ['alarms'],
    Component: AlarmsView,
  },
  {
    id: 'ota',
    label: nav.ota,
    glyph: '⇪',
    goKey: 'o',
    routes: ['ota'],
    Component: OtaView,
  },
  {
    id: 'admin',
    label: nav.admin,
    glyph: '◈',
    goKey: 'a',
    routes: ['admin'],
    Component: AdminView,
  },
  {
    id: 'settings',
    label: nav.settings,
    glyph: '⚙',
    goKey: ',',
    routes: ['settings'],
    Component: SettingsView,
  },
];

export const viewFor = (route: Route): ViewDef =>
  views.find((v) => v.routes.includes(route.view)) ?? views[0];
