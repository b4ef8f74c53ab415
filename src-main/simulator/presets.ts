/** The profiles shipped with the simulator (`presets/*.json`), validated on first use. */
import benchmark from './presets/benchmark.json';
import demo from './presets/demo.json';
import { parseSimulatorConfig, type SimulatorConfig } from './config';

const RAW = { demo, benchmark } as const;

export type PresetName = keyof typeof RAW;

export const PRESET_NAMES = Object.keys(RAW) as PresetName[];

export function preset(name: PresetName): SimulatorConfig {
  return parseSimulatorConfig(RAW[name]);
}
