/**
 * Every visible string, in one module (UI.md §5): views import `messages` and tests match the
 * same accessible names. One file per view keeps it navigable.
 */
import { admin } from './admin';
import { alarms } from './alarms';
import { ota } from './ota';
import { boards } from './boards';
import { charts } from './charts';
import { commission, site } from './commission';
import { common } from './common';
import { data } from './data';
import { tokens } from './tokens';
import { device } from './device';
import { devices } from './devices';
import { flash } from './flash';
import { espTools } from './espTools';
import { handover } from './handover';
import { inspector } from './inspector';
import { serial } from './serial';
import { settings } from './settings';
import { shell } from './shell';

export const messages = {
  common,
  shell,
  devices,
  device,
  charts,
  inspector,
  admin,
  boards,
  flash,
  espTools,
  serial,
  settings,
  commission,
  site,
  data,
  tokens,
  alarms,
  handover,
  ota,
} as const;
