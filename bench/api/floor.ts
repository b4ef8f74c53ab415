/**
 * bench:api's physical floor: a bare `node:http` server that reads each request's body and
 * answers with the bytes the app answered for that method and path (status, headers, body),
 * looked up in a Map. What is left of the app's latency above it is the app's own work.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveBenchCommands } from '../broker/child';

export interface Canned {
  key: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

const answers = new Map<
  string,
  { status: number; headers: Record<string, string>; body: Buffer }
>();
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const a = answers.get(`${req.method} ${req.url}`);
    if (!a) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(a.status, a.headers);
    res.end(a.body);
  });
});
server.listen(0, '127.0.0.1', () => {
  serveBenchCommands<{ cmd: 'answers'; answers: Canned[] } | { cmd: 'stop' }>(
    async (c) => {
      if (c.cmd === 'answers') {
        for (const a of c.answers)
          answers.set(a.key, { ...a, body: Buffer.from(a.body, 'base64') });
        return answers.size;
      }
      server.closeAllConnections();
      server.close();
      setImmediate(() => process.exit(0));
    },
    { port: (server.address() as AddressInfo).port },
  );
});
