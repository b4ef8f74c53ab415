/** Starting listeners with errors a person can act on (port in use, privileged port). */
import type { Server } from 'node:net';

export interface Endpoint {
  host: string;
  port: number;
}

/** The certificate and key the TLS and WSS listeners serve (PEM). */
export interface TlsFiles {
  cert: string | Buffer;
  key: string | Buffer;
}

export class ListenError extends Error {
  constructor(
    message: string,
    readonly setting: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

/** Listens and resolves with the bound port; rejects with one line naming the setting to change. */
export function listen(
  server: Server,
  at: Endpoint,
  what: string,
  setting: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const where = `${at.host}:${at.port}`;
      if (e.code === 'EADDRINUSE') {
        reject(
          new ListenError(
            `${what}: port ${where} is already in use; change the setting "${setting}"`,
            setting,
            e.code,
          ),
        );
      } else if (e.code === 'EACCES') {
        reject(
          new ListenError(
            `${what}: not allowed to listen on ${where} (ports below 1024 need privileges: setcap or a port redirect, see README "Port 443"); change the setting "${setting}"`,
            setting,
            e.code,
          ),
        );
      } else if (e.code === 'EADDRNOTAVAIL') {
        reject(
          new ListenError(
            `${what}: ${at.host} is not an address of this machine; change the setting "${setting}"`,
            setting,
            e.code,
          ),
        );
      } else {
        reject(
          new ListenError(
            `${what}: cannot listen on ${where}: ${e.message}; check the setting "${setting}"`,
            setting,
            e.code,
          ),
        );
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : at.port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(at.port, at.host);
  });
}

/** Closes a server and every connection it still has. */
export function closeServer(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
