/**
 * The composition root: every service of the app, built the same way for the desktop app
 * (index.ts, the API over IPC) and headless mode (headlessMain.ts, the API over HTTP/WebSocket).
 * Stopped in reverse order: ports and jobs first (board choices are still saved), then the broker
 * and SQLite.
 */
import { createApiServer } from '../api/handlers';
import type { ApiServer, ApiServerOptions } from '../api/ApiServer';
import { MqttBridge } from '../bridge/MqttBridge';
import { SettingsKeyValueStore } from '../store/SettingsKeyValueStore';
import { BrokerService, type BrokerServiceConfig } from './BrokerService';
import { SerialService, type SerialServiceConfig } from './SerialService';
import { CommissionService, type CommissionServiceConfig } from '../commission/CommissionService';

/** Settings keys of the serial side (boards remembered per port) start with this. */
export const SERIAL_SETTINGS_PREFIX = 'serial.';

export interface StudioConfig extends BrokerServiceConfig {
  serial?: Omit<SerialServiceConfig, 'store' | 'log'>;
  commission?: Omit<CommissionServiceConfig, 'broker' | 'serial' | 'log'>;
}

export class Studio {
  private constructor(
    readonly broker: BrokerService,
    readonly serial: SerialService,
    readonly commission: CommissionService,
    /** The MQTT bridge to an existing cluster (off unless its settings enable it). */
    readonly bridge: MqttBridge,
  ) {}

  static async start(config: StudioConfig): Promise<Studio> {
    const broker = await BrokerService.start(config);
    const serial = new SerialService({
      ...config.serial,
      store: new SettingsKeyValueStore(broker.settings, SERIAL_SETTINGS_PREFIX),
      ...(config.log ? { log: config.log } : {}),
    });
    serial.start();
    const commission = new CommissionService({
      ...config.commission,
      broker,
      serial,
      ...(config.log ? { log: (line: string) => config.log!('info', line) } : {}),
    });
    const bridge = new MqttBridge({
      broker: broker.broker,
      properties: broker.properties,
      buckets: broker.buckets,
      settings: broker.settings,
      dataDir: config.dataDir,
      ...(config.log ? { log: config.log } : {}),
    });
    bridge.start();
    return new Studio(broker, serial, commission, bridge);
  }

  /** The contract over these services, for any transport. */
  api(options: ApiServerOptions = {}): ApiServer {
    return createApiServer(this.broker, this.serial, options, this.commission, this.bridge);
  }

  /**
   * Graceful stop: flash jobs cancelled, monitors closed, then devices, listeners, SQLite; the
   * bridge last, so the cluster hears that the devices went offline with the site.
   */
  async stop(): Promise<void> {
    await this.commission.stop();
    await this.serial.stop();
    await this.broker.stop();
    await this.bridge.stop();
  }
}
