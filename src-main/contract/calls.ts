/**
 * Every call between the UI and main, by name (`domain.verb`). Handlers (api/handlers/), the
 * HTTP routes and the OpenAPI document (api/http.ts, api/openapi.ts) are derived from this table;
 * the preload bridge and the renderer client are too.
 */
import { z } from 'zod';
import { call, Empty, LOCAL_TIMEOUT_MS } from './define';
import {
  BrokerStatus,
  Device,
  DeviceRef,
  Id,
  InspectedFrame,
  MAX_DEVICE_TAGS,
  RejectedConnection,
  ResourceName,
  Settings,
  Tag,
  ThinnedSamples,
  Endpoint,
  Value,
} from './schemas';
import { hardwareCalls } from './hardwareCalls';
import { serverCalls } from './serverCalls';
import { commissionCalls } from './commissionCalls';
import { espCalls } from './espCalls';
import { bridgeCalls } from './bridgeCalls';
import { handoverCalls } from './handoverCalls';
import { alarmCalls } from './alarmCalls';
import { otaCalls } from './otaCalls';

/** Calls that hash a credential (scrypt takes ~100 ms at the production cost, more on a Pi). */
const CREDENTIAL_TIMEOUT_MS = 15_000;
/**
 * Calls that wait for a device: a little over the broker's 30 s request timeout
 * (broker/limits.ts), so the usual answer is the broker's own TIMEOUT naming the device.
 */
const DEVICE_TIMEOUT_MS = 35_000;

/** Longest time "accept new devices" can be switched on for: a week of commissioning. */
const MAX_ACCEPT_NEW_DEVICES_MS = 7 * 86_400_000;

const Credential = z.string().min(1).max(1024);
const Text = z.string().max(1024);

export const calls = {
  'devices.list': call({
    summary: 'Registered and connected devices with their presence and counters',
    request: z.object({ user: Id.optional() }).strict(),
    response: z.object({ devices: z.array(Device) }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'devices.get': call({
    summary: 'One device with its presence and counters',
    request: DeviceRef.strict(),
    response: Device,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'devices.add': call({
    summary: 'Register a device; its credential is returned now and never again',
    request: DeviceRef.extend({
      name: Text.optional(),
      description: Text.optional(),
      /** Omitted: a random one is generated. */
      credential: Credential.optional(),
      /** Thinger's device type (`Generic` for IoTMP devices, `HTTP` for callback devices). */
      type: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,32}$/)
        .optional(),
      /** false: registered but refused until enabled. */
      enabled: z.boolean().optional(),
    }).strict(),
    response: z.object({ device: Device, credential: z.string() }),
    timeoutMs: CREDENTIAL_TIMEOUT_MS,
  }),
  'devices.resetCredential': call({
    summary: 'Replace a device credential; the new one is returned now and never again',
    request: DeviceRef.extend({ credential: Credential.optional() }).strict(),
    response: z.object({ credential: z.string() }),
    timeoutMs: CREDENTIAL_TIMEOUT_MS,
  }),
  'devices.update': call({
    summary:
      "Change a device's name, description or enabled flag (disabling closes its connection)",
    request: DeviceRef.extend({
      name: Text.optional(),
      description: Text.optional(),
      enabled: z.boolean().optional(),
      /** Replaces the device's tags (duplicates dropped; [] removes them all). */
      tags: z.array(Tag).max(MAX_DEVICE_TAGS).optional(),
      /**
       * Largest frame body sent to it, for devices known to accept more than IOTMP.md §9.1.7's
       * 4096 bytes (IOTMP-Linux 262144, IOTMP-Embedded 32768); null returns to 4096.
       */
      maxFrameBytes: z.number().int().min(4096).max(262_144).nullable().optional(),
    }).strict(),
    response: Device,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'devices.remove': call({
    summary: 'Delete a device (it can no longer connect; a live connection is closed)',
    request: DeviceRef.strict(),
    response: z.object({ removed: z.boolean() }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'devices.rejected': call({
    summary:
      'Device connections refused since start (unknown device, wrong credential), oldest first',
    request: Empty,
    response: z.object({ rejected: z.array(RejectedConnection) }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'resources.describe': call({
    summary: "A device's resources (all, or one with its input/output), cached unless refresh",
    request: DeviceRef.extend({
      resource: ResourceName.optional(),
      refresh: z.boolean().optional(),
    }).strict(),
    response: z.object({ value: Value }),
    timeoutMs: DEVICE_TIMEOUT_MS,
  }),
  'resources.run': call({
    summary: 'Run a resource with an optional input (and parameters); returns its output',
    request: DeviceRef.extend({
      resource: ResourceName,
      input: Value.optional(),
      parameters: Value.optional(),
    }).strict(),
    response: z.object({ value: Value }),
    timeoutMs: DEVICE_TIMEOUT_MS,
  }),
  'resources.read': call({
    summary: "Read a resource's output (a run without input)",
    request: DeviceRef.extend({ resource: ResourceName }).strict(),
    response: z.object({ value: Value }),
    timeoutMs: DEVICE_TIMEOUT_MS,
  }),
  'inspector.frames': call({
    summary:
      'Frames kept for a device (oldest first), those after `afterSeq` only if given; `thinned`: samples not kept because it streamed too fast',
    request: DeviceRef.extend({ afterSeq: z.number().int().min(0).optional() }).strict(),
    response: z.object({ frames: z.array(InspectedFrame), thinned: ThinnedSamples.nullable() }),
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'settings.get': call({
    summary: 'Broker settings',
    request: Empty,
    response: Settings,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'settings.update': call({
    summary: 'Change broker settings (fields left out keep their value)',
    request: z
      .object({
        acceptNewDevices: z.boolean().optional(),
        /** Switched on with this, it turns itself off after it (null or left out: never). */
        acceptNewDevicesForMs: z
          .number()
          .int()
          .min(1_000)
          .max(MAX_ACCEPT_NEW_DEVICES_MS)
          .nullable()
          .optional(),
        endpoints: z.record(z.string(), Endpoint).optional(),
      })
      .strict(),
    response: Settings,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  'broker.status': call({
    summary: "The broker's listeners, failures, TLS fingerprint and counts",
    request: Empty,
    response: BrokerStatus,
    timeoutMs: LOCAL_TIMEOUT_MS,
  }),
  ...hardwareCalls,
  ...serverCalls,
  ...commissionCalls,
  ...espCalls,
  ...bridgeCalls,
  ...handoverCalls,
  ...alarmCalls,
  ...otaCalls,
} as const;

type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['request']>;
export type CallRequest<N extends CallName> = z.output<Calls[N]['request']>;
export type CallResult<N extends CallName> = z.output<Calls[N]['response']>;

export const callNames = Object.keys(calls) as CallName[];
export const isCallName = (name: string): name is CallName =>
  Object.prototype.hasOwnProperty.call(calls, name);
