/**
 * A site for bridge tests: a real BrokerService (SQLite in a temp folder, TCP on an ephemeral
 * port), simulated devices, a real mosquitto, and the MqttBridge wired as the composition root
 * wires it; plus mosquitto_sub as the cluster's consumer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { MqttBridge } from '../MqttBridge';
import { BRIDGE_SETTINGS, type BridgeSettingsPatch } from '../settings';
import { SimulatedDevice } from '../../simulator/SimulatedDevice';
import { parseSimulatorConfig } from '../../simulator/config';
import { startTestBroker } from '../../transports/testing/brokerFixture';
import { MosquittoProcess, type MosquittoOptions } from './mosquittoProcess';

export interface BridgeSite {
  env: Awaited<ReturnType<typeof startTestBroker>>;
  mosquitto: MosquittoProcess;
  bridge: MqttBridge;
  /** Adds a device to the registry and starts its simulator. */
  device(name: string, profile: unknown): Promise<SimulatedDevice>;
  stop(): Promise<void>;
}

export async function startBridgeSite(
  settings: BridgeSettingsPatch,
  mosquittoOptions: MosquittoOptions = {},
): Promise<BridgeSite> {
  const mosquitto = await MosquittoProcess.start(mosquittoOptions);
  const env = await startTestBroker();
  env.service.settings.set(BRIDGE_SETTINGS, {
    enabled: true,
    url: mosquitto.url,
    clientId: 'site-gw',
    prefix: 'plant',
    reconnectMinMs: 100,
    reconnectMaxMs: 500,
    ...settings,
  });
  const bridge = new MqttBridge({
    broker: env.service.broker,
    properties: env.service.properties,
    buckets: env.service.buckets,
    settings: env.service.settings,
    alarms: env.service.alarms,
    dataDir: env.dir,
  });
  bridge.start();
  const devices: SimulatedDevice[] = [];
  return {
    env,
    mosquitto,
    bridge,
    async device(name, profile) {
      await env.service.devices.add('site', name, { credential: `pw-${name}` });
      const d = new SimulatedDevice({
        host: '127.0.0.1',
        port: env.service.port('tcp')!,
        transport: 'tcp',
        user: 'site',
        device: name,
        credential: `pw-${name}`,
        profile: parseSimulatorConfig(profile).profiles[0]!,
        reconnectDelayMs: 200,
      });
      devices.push(d);
      d.start();
      await d.waitForState('online', AbortSignal.timeout(10_000));
      return d;
    },
    async stop() {
      for (const d of devices) await d.stop();
      await env.service.stop();
      await bridge.stop(); // after the broker: the devices' offline messages go out first
      await mosquitto.stop();
      rmSync(env.dir, { recursive: true, force: true });
    },
  };
}

/** mosquitto_sub printing `topic<TAB>correlation<TAB>payload` per message. */
export class MosquittoSub {
  readonly lines: { topic: string; correlation: string; payload: string }[] = [];
  private readonly child: ChildProcess;
  private waiters: (() => void)[] = [];

  constructor(port: number, topics: string[], extra: string[] = []) {
    this.child = spawn(
      'mosquitto_sub',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-V',
        'mqttv5',
        '-F',
        '%t\t%D\t%p',
        ...topics.flatMap((t) => ['-t', t]),
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const [topic = '', correlation = '', ...rest] = line.split('\t');
      this.lines.push({ topic, correlation, payload: rest.join('\t') });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves with the first message (from the start) that `match` accepts. */
  async waitFor(
    match: (m: { topic: string; correlation: string; payload: string }) => boolean,
    timeoutMs = 15_000,
  ): Promise<{ topic: string; correlation: string; payload: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.find(match);
      if (hit) return hit;
      if (Date.now() > deadline)
        throw new Error(
          `no matching message within ${timeoutMs} ms; got:\n${this.lines
            .slice(-20)
            .map((l) => `${l.topic} ${l.payload}`)
            .join('\n')}`,
        );
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

/** mosquitto_pub, resolving when it exits (0) after publishing. */
export function mosquittoPub(port: number, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr!.on('data', (d) => (err += String(d)));
    p.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${err}`)),
    );
  });
}
