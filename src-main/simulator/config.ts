/**
 * The simulator's device configuration (JSON, validated with zod): profiles of resources that a
 * simulated device exposes. Format documented in `src-main/simulator/README.md`.
 */
import { z } from 'zod';

/** A resource name as devices send it (IOTMP.md §7.1); exact match only, no templates. */
const resourceName = z.string().min(1).max(256);

const numberMap = z.record(z.string(), z.number());

/**
 * When the device pushes a resource on its event stream (IOTMP.md §8.5: an interval-0 START_STREAM
 * binds the resource; firmware then calls `stream("name")`). Nothing is sent without a binding.
 */
const push = z.strictObject({
  /** Push the current value every `everyMs` while an event stream is bound. */
  everyMs: z.number().int().min(10).optional(),
  /** Read the value every `checkMs` and push it when a number moved by at least this much. */
  threshold: z.number().nonnegative().optional(),
  checkMs: z.number().int().min(10).default(1000),
  /** Push the new state right after a RUN changed it (switches, sliders, RPCs). */
  onInput: z.boolean().default(false),
});

const sensor = z
  .strictObject({
    kind: z.literal('sensor'),
    /** Base value: a number, or a map of numbers such as `{"celsius": 22.5, "humidity": 40}`. */
    value: z.union([z.number(), numberMap]),
    /** Uniform noise amplitude (±), one for all keys or one per key. */
    noise: z.union([z.number().nonnegative(), numberMap]).default(0),
    /** Random walk: each read moves the base by the noise instead of jittering around it. */
    walk: z.boolean().default(false),
    min: z.number().optional(),
    max: z.number().optional(),
    decimals: z.number().int().min(0).max(10).default(2),
    push: push.optional(),
  })
  .refine((s) => s.min === undefined || s.max === undefined || s.min <= s.max, {
    message: 'min must not exceed max',
  });

const switchResource = z.strictObject({
  kind: z.literal('switch'),
  initial: z.boolean().default(false),
  push: push.optional(),
});

const slider = z
  .strictObject({
    kind: z.literal('slider'),
    min: z.number(),
    max: z.number(),
    step: z.number().positive().default(1),
    initial: z.number().optional(),
    push: push.optional(),
  })
  .refine((s) => s.min < s.max, { message: 'min must be below max' })
  .refine((s) => s.initial === undefined || (s.initial >= s.min && s.initial <= s.max), {
    message: 'initial must lie between min and max',
  });

const action = z.strictObject({
  kind: z.literal('action'),
});

const rpc = z.strictObject({
  kind: z.literal('rpc'),
  /** `echo`: the output is the input. */
  mode: z.literal('echo').default('echo'),
  /** The sample input shown by describe (`"in"`) and used when run without input. */
  template: z.json().default({ text: 'hello' }),
  push: push.optional(),
});

const event = z.strictObject({
  kind: z.literal('event'),
  /** The values the resource takes in turn, one every `everyMs`; each change is pushed. */
  values: z.array(z.json()).min(1),
  everyMs: z.number().int().min(10),
});

const resourceSchema = z.discriminatedUnion('kind', [
  sensor,
  switchResource,
  slider,
  action,
  rpc,
  event,
]);

const profileSchema = z.strictObject({
  name: z.string().min(1).max(64).default('device'),
  resources: z.record(resourceName, resourceSchema),
});

/** A config file with several profiles. A file may also hold one profile on its own. */
const simulatorConfigSchema = z.strictObject({ profiles: z.array(profileSchema).min(1) });

export type ResourceConfig = z.output<typeof resourceSchema>;
export type DeviceProfile = z.output<typeof profileSchema>;
export type DeviceProfileInput = z.input<typeof profileSchema>;
export type SimulatorConfig = { profiles: DeviceProfile[] };

export class SimulatorConfigError extends Error {
  override name = 'SimulatorConfigError';
}

/**
 * Validates a parsed JSON config, `{"profiles": [...]}` or a single profile; throws
 * `SimulatorConfigError` listing every problem with its path.
 */
export function parseSimulatorConfig(json: unknown): SimulatorConfig {
  const many = typeof json === 'object' && json !== null && 'profiles' in json;
  const r = many ? simulatorConfigSchema.safeParse(json) : profileSchema.safeParse(json);
  if (!r.success) throw new SimulatorConfigError(z.prettifyError(r.error));
  return 'profiles' in r.data ? r.data : { profiles: [r.data] };
}

export function parseProfile(json: unknown): DeviceProfile {
  const r = profileSchema.safeParse(json);
  if (!r.success) throw new SimulatorConfigError(z.prettifyError(r.error));
  return r.data;
}
