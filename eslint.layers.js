// @ts-check
/**
 * The import direction between folders (docs/architecture.md "Layers" shows the same table).
 * Each layer lists the layers it may import; everything else is a back edge and fails
 * `npm run lint` (eslint-plugin-boundaries). Imports inside one layer are always allowed.
 * Tests (`*.test.ts(x)`) and test helpers (`testing/`) may reach across layers to build real
 * services, so the table does not apply to them.
 */

/** The pure leaves every layer may use (the renderer through the @protocol/@contract aliases). */
const LEAVES = ['protocol', 'contract', 'util'];

/**
 * Main process, outer to inner. `core` holds the small types two sides of a seam share
 * (Scheduler, Link, Reply, KeyValueStore).
 */
/** Folders with domain code and adapters, below the services (the order of the rows below). */
const DOMAIN = [
  'transports',
  'store',
  'auth',
  'serverres',
  'alarms',
  'ota',
  'bridge',
  'handover',
  'provision',
  'flash',
  'broker',
  'streams',
  'registry',
  'inspector',
  'serial',
];

const MAIN_LAYERS = [
  {
    type: 'main-entry',
    // src-main/index.ts (Electron) and src-main/headless.ts: the files no folder below claims.
    pattern: 'src-main',
    last: true,
    allow: ['electron', 'app', 'api'],
  },
  { type: 'electron', pattern: 'src-main/electron', allow: [] },
  // The `iotmp` CLI is an entry too: it may start the app or use any part directly.
  {
    type: 'cli',
    pattern: 'src-main/cli',
    allow: ['app', 'api', 'commission', 'services', ...DOMAIN, 'simulator', 'conformance'],
  },
  // The composition root: the only folder that knows every concrete class.
  { type: 'app', pattern: 'src-main/app', allow: ['api', 'commission', 'services', ...DOMAIN] },
  { type: 'api', pattern: 'src-main/api', allow: ['commission', 'services', ...DOMAIN] },
  // Commissioning runs compose the services (flash, provision, broker) through their interfaces.
  { type: 'commission', pattern: 'src-main/commission', allow: ['services', ...DOMAIN] },
  { type: 'services', pattern: 'src-main/services', allow: DOMAIN },
  { type: 'transports', pattern: 'src-main/transports', allow: ['broker'] },
  { type: 'store', pattern: 'src-main/store', allow: ['broker'] },
  // Handing a site over to a Thinger.io server: reads the stores, talks to the server's API.
  { type: 'handover', pattern: 'src-main/handover', allow: ['broker', 'serverres', 'store'] },
  // The MQTT bridge publishes what the broker, registry, hub and stores report.
  {
    type: 'bridge',
    pattern: 'src-main/bridge',
    allow: ['broker', 'streams', 'registry', 'serverres', 'store'],
  },
  // Access tokens (JWT) for the Thinger-style API, kept in SQLite.
  { type: 'auth', pattern: 'src-main/auth', allow: [] },
  { type: 'serverres', pattern: 'src-main/serverres', allow: ['broker'] },
  // Alarm rules judged on what the broker's streams, the registry and the buckets report.
  // OTA over the devices' $ota/* resources: RUN requests through the broker.
  { type: 'ota', pattern: 'src-main/ota', allow: ['broker', 'registry'] },
  {
    type: 'alarms',
    pattern: 'src-main/alarms',
    allow: ['broker', 'streams', 'registry', 'serverres'],
  },
  { type: 'simulator', pattern: 'src-main/simulator', allow: [] },
  { type: 'conformance', pattern: 'src-main/conformance', allow: [] },
  { type: 'flash', pattern: 'src-main/flash', allow: ['serial'] },
  { type: 'provision', pattern: 'src-main/provision', allow: ['flash', 'serial'] },
  { type: 'broker', pattern: 'src-main/broker', allow: ['streams', 'registry', 'inspector'] },
  { type: 'streams', pattern: 'src-main/streams', allow: [] },
  { type: 'registry', pattern: 'src-main/registry', allow: [] },
  { type: 'inspector', pattern: 'src-main/inspector', allow: [] },
  { type: 'serial', pattern: 'src-main/serial', allow: [] },
  { type: 'core', pattern: 'src-main/core', allow: [] },
  { type: 'protocol', pattern: 'src-main/protocol', allow: [], leaf: true },
  { type: 'contract', pattern: 'src-main/contract', allow: ['protocol'], leaf: true },
  // util may use contract's shared pieces (BoundedMap), never the reverse.
  { type: 'util', pattern: 'src-main/util', allow: ['contract'], leaf: true },
];

/** Renderer (and preload), outer to inner. */
const RENDERER_LAYERS = [
  { type: 'preload', pattern: 'src-preload', allow: [] },
  {
    type: 'renderer-entry',
    // main.tsx and global.d.ts: the files no folder below claims.
    pattern: 'src-renderer',
    last: true,
    allow: ['r-app', 'preload', 'r-styles'],
  },
  {
    type: 'r-app',
    pattern: 'src-renderer/app',
    allow: ['r-view', 'r-actions', 'r-components', 'r-navigation', 'r-state', 'r-model'],
  },
  // One folder per view; a view does not import another view, except the device page, which
  // hosts the resources and charts tabs.
  {
    type: 'r-view',
    pattern: 'src-renderer/views/*',
    capture: ['view'],
    allow: ['r-actions', 'r-components', 'r-navigation', 'r-state', 'r-model'],
  },
  {
    type: 'r-actions',
    pattern: 'src-renderer/actions',
    allow: ['r-components', 'r-navigation', 'r-state', 'r-model'],
  },
  {
    type: 'r-components',
    pattern: 'src-renderer/components',
    allow: ['r-navigation', 'r-state', 'r-model'],
  },
  { type: 'r-navigation', pattern: 'src-renderer/navigation', allow: [] },
  { type: 'r-state', pattern: 'src-renderer/state', allow: ['r-navigation', 'r-model'] },
  { type: 'r-model', pattern: 'src-renderer/model', allow: [] },
  { type: 'r-api', pattern: 'src-renderer/api', allow: [] },
  { type: 'r-messages', pattern: 'src-renderer/messages', allow: [] },
  { type: 'r-format', pattern: 'src-renderer/format', allow: [] },
  { type: 'r-styles', pattern: 'src-renderer/styles', allow: [] },
];

/** What every renderer layer above the bottom may use: the client, strings, formatting, CSS. */
const RENDERER_BASE = ['r-api', 'r-messages', 'r-format', 'r-styles'];
const RENDERER_BOTTOM = new Set(['r-api', 'r-messages', 'r-format', 'r-styles']);
/** The device page hosts these views' tabs. */
const DEVICE_PAGE_TABS = ['resources', 'charts', 'data'];

/** eslint-plugin-boundaries element settings for both tables. */
export function layerElements() {
  // The first descriptor that matches a file classifies it, so the catch-all entries go last.
  const all = [...MAIN_LAYERS, ...RENDERER_LAYERS];
  return [...all.filter((l) => !l.last), ...all.filter((l) => l.last)].map(
    ({ type, pattern, capture }) => ({ type, pattern, ...(capture ? { capture } : {}) }),
  );
}

/** `boundaries/dependencies` policies: each layer's allowed targets, nothing else. */
export function layerPolicies() {
  const policies = [];
  const to = (/** @type {string[]} */ types) => ({ to: { element: { types: { anyOf: types } } } });
  for (const l of MAIN_LAYERS) {
    const leaves = l.leaf ? [] : LEAVES.filter((t) => t !== l.type);
    const core = l.type === 'core' || l.leaf ? [] : ['core'];
    policies.push({
      from: { element: { type: l.type } },
      allow: to([...l.allow, ...core, ...leaves]),
    });
  }
  for (const l of RENDERER_LAYERS) {
    const base = RENDERER_BOTTOM.has(l.type)
      ? RENDERER_BASE.filter((t) => t !== l.type && t !== 'r-api')
      : RENDERER_BASE;
    const pure = l.type === 'preload' ? ['contract'] : ['contract', 'protocol'];
    policies.push({
      from: { element: { type: l.type } },
      allow: to([...l.allow, ...base, ...pure]),
    });
  }
  for (const tab of DEVICE_PAGE_TABS)
    policies.push({
      from: { element: { type: 'r-view', captured: { view: 'devices' } } },
      allow: { to: { element: { type: 'r-view', captured: { view: tab } } } },
    });
  return policies;
}
