/**
 * The renderer's one API connection: the preload's verbs over IPC in the desktop app, or the
 * headless API's WebSocket when the page is the web console (its URL carries the token). Stores
 * and views reach main only through `api()`; the link state drives the "Lost contact" banner.
 */
import { create } from 'zustand';
import { createVerbs, type Verbs } from '@contract/verbs';
import { reconnectingTransport, type LinkState } from './reconnectingTransport';

type Runtime = 'desktop' | 'console';

export interface ConnectionSlice {
  runtime: Runtime;
  /** The machine main runs on (the console's host; "this computer" on desktop). */
  host: string;
  /** `no-token`: a console page opened without the link headless mode printed. */
  link: LinkState | 'no-token';
  /** When a lost link is retried next (ms since epoch). */
  retryAt: number | null;
  /** Set when the link came back after being lost, so the banner can say "Reconnected". */
  reconnectedAt: number | null;
  version: string | null;
}

export const useConnection = create<ConnectionSlice>(() => ({
  runtime: 'console',
  host: '',
  link: 'connecting',
  retryAt: null,
  reconnectedAt: null,
  version: null,
}));

let verbs: Verbs | null = null;

/** The API for stores and views. Throws before `connect*` ran (a programming error). */
export function api(): Verbs {
  if (!verbs) throw new Error('the API is not connected yet');
  return verbs;
}

/** Tests and the bench install their own verbs (e.g. over a fake transport). */
export function installVerbs(next: Verbs | null, patch: Partial<ConnectionSlice> = {}): void {
  verbs = next;
  useConnection.setState({ link: next ? 'online' : 'connecting', ...patch });
}

export function connectFromBridge(bridge: { api: Verbs; version: string }): void {
  installVerbs(bridge.api, { runtime: 'desktop', host: 'this computer', version: bridge.version });
}

/** Connects the web console to the server that served it; false when the URL has no token. */
export function connectFromLocation(location: Location): boolean {
  const token = new URLSearchParams(location.search).get('token');
  useConnection.setState({ runtime: 'console', host: location.hostname });
  if (!token) {
    useConnection.setState({ link: 'no-token' });
    return false;
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${location.host}/api/v1/ws?token=${encodeURIComponent(token)}`;
  let everOnline = false;
  const transport = reconnectingTransport(url, {
    onState(link, retryAt) {
      const back = link === 'online' && everOnline;
      if (link === 'online') everOnline = true;
      useConnection.setState({
        link,
        retryAt,
        ...(back ? { reconnectedAt: Date.now() } : {}),
      });
    },
  });
  verbs = createVerbs(transport);
  return true;
}
