/**
 * The renderer's API: domain verbs from the contract over the headless API's WebSocket when the
 * page is the web console (its URL carries the token). In the desktop app the preload bridge
 * will provide the same verbs over IPC (issue 5).
 */
import { createVerbs, type Verbs } from '@contract/verbs';
import { webSocketTransport } from './webSocketTransport';

export interface ApiConnection {
  api: Verbs;
  close(): void;
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
