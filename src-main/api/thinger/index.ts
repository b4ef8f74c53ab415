/**
 * Thinger.io's REST API as its public clients call it (Node-RED nodes, the mobile app, the VS
 * Code OTA extension, scripts written against api.thinger.io): the paths, bodies, answers and
 * status codes of Thinger's OpenAPI file, each route a thin mapping onto the contract's calls.
 * `operation` is Thinger's operation id, the action an access token must be granted.
 */
import type { RestRoute } from '../routes';
import { alarmRoutes } from './alarms';
import { bucketRoutes } from './buckets';
import { callbackRoutes } from './callbacks';
import { deviceRoutes } from './devices';
import { endpointRoutes } from './endpoints';
import { propertyRoutes } from './properties';
import { resourceRoutes } from './resources';
import { tokenRoutes } from './tokens';

export { MORE } from './buckets';

/** In matching order: a device's fixed routes come before its `{resource+}` catch-all. */
export const thingerRoutes: RestRoute[] = [
  ...alarmRoutes,
  ...deviceRoutes,
  ...resourceRoutes,
  ...propertyRoutes,
  ...callbackRoutes,
  ...bucketRoutes,
  ...endpointRoutes,
  ...tokenRoutes,
];
