/**
 * The contract bound to the services, one file per domain: devices, resources, streams,
 * inspector, settings (and broker status), ports, serial, flash, ESP, commissioning and sites,
 * the MQTT bridge, and the Thinger-style server resources (tokens, properties, buckets,
 * endpoints, callbacks, user events). Each maps calls to the services'
 * methods; decisions live in the services. Inputs arrive here already validated by `ApiServer`.
 */
import type { CommissionServices } from '../../commission/CommissionServices';
import type {
  BridgeServices,
  BrokerServices,
  HandoverServices,
  SerialServices,
} from '../../services/types';
import {
  ApiServer,
  type ApiServerOptions,
  type CallHandlers,
  type TopicSources,
} from '../ApiServer';
import { createAlarmHandlers } from './alarms';
import { otaHandlers } from './ota';
import { bridgeHandlers } from './bridge';
import { handoverHandlers } from './handover';
import { createBucketHandlers } from './buckets';
import { createExportHandlers } from './bucketExports';
import { createCallbackHandlers } from './callbacks';
import { commissionHandlers } from './commission';
import { registeredDevice } from './deviceViews';
import { deviceHandlers } from './devices';
import { createEndpointHandlers } from './endpoints';
import { createEspHandlers } from './esp';
import { flashHandlers } from './flash';
import { inspectorHandlers } from './inspector';
import { createPropertyHandlers } from './properties';
import { portHandlers } from './ports';
import { resourceHandlers } from './resources';
import { serialHandlers } from './serial';
import { settingsHandlers } from './settings';
import { streamHandlers } from './streams';
import { createTokenHandlers } from './tokens';
import { UserEventHub } from './userEvents';

function createHandlers(
  service: BrokerServices,
  serial: SerialServices,
  commission: CommissionServices,
  bridge: BridgeServices,
  handover: HandoverServices,
): { calls: CallHandlers; topics: TopicSources } {
  const commissioning = commissionHandlers(commission, serial);
  const bridging = bridgeHandlers(bridge);
  const handingOver = handoverHandlers(handover);
  const devices = deviceHandlers(service);
  const inspector = inspectorHandlers(service);
  const ports = portHandlers(serial);
  const monitor = serialHandlers(serial);
  const flash = flashHandlers(serial);
  const registered = registeredDevice(service);
  const ota = otaHandlers(service.ota, registered);
  const userEvents = new UserEventHub(
    service.broker.registry,
    service.properties,
    service.buckets,
    service.alarms,
    service.exports,
  );
  return {
    calls: {
      ...createTokenHandlers(service.tokens),
      ...createAlarmHandlers(service.alarms),
      ...ota.calls,
      ...createPropertyHandlers(service.properties, registered),
      ...createBucketHandlers(service.buckets),
      ...createExportHandlers(service.exports, service.buckets),
      ...createEndpointHandlers(service, service.fetch),
      ...createCallbackHandlers(service.settings, service.buckets, service.properties, registered),
      ...devices.calls,
      ...resourceHandlers(service),
      ...inspector.calls,
      ...settingsHandlers(service),
      ...ports.calls,
      ...monitor.calls,
      ...flash.calls,
      ...createEspHandlers(serial),
      ...commissioning.calls,
      ...bridging.calls,
      ...handingOver.calls,
    },
    topics: {
      ...userEvents.source(),
      ...ota.topics,
      ...devices.topics,
      ...streamHandlers(service),
      ...inspector.topics,
      ...ports.topics,
      ...monitor.topics,
      ...flash.topics,
      ...commissioning.topics,
      ...bridging.topics,
      ...handingOver.topics,
    },
  };
}

/** The API over the broker, serial, commissioning and bridge services, for any transport. */
export function createApiServer(
  service: BrokerServices,
  serial: SerialServices,
  commission: CommissionServices,
  bridge: BridgeServices,
  handover: HandoverServices,
  options: ApiServerOptions = {},
): ApiServer {
  const { calls, topics } = createHandlers(service, serial, commission, bridge, handover);
  return new ApiServer(calls, topics, options);
}
