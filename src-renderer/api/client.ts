/**
 * The renderer's API: domain verbs from the contract over the headless API's WebSocket when the
 * page is the web console (its URL carries the token); in the desktop app the same verbs come
 * from the preload bridge over IPC.
 */
import { createVerbs, type Verbs } from '@contract/verbs';
import { webSocketTransport } from './webSocketTransport';

export interface ApiConnection {
  api: Verbs;
  close(): void;
}

/** The desktop app's API: the preload's verbs over IPC. */
export function connectFromBridge(bridge: { api: Verbs } | undefined): ApiConnection | null {
  return bridge ? { api: bridge.api, close: () => {} } : null;
}

/** The API of the page's own server, or null when the page was opened without a token. */
export function connectFromLocation(location: Location): ApiConnection | null {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return null;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = webSocketTransport(
    `${scheme}://${location.host}/api/v1/ws?token=${encodeURIComponent(token)}`,
  );
  return { api: createVerbs(transport), close: () => transport.close() };
}
