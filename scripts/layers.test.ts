import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// `npm run lint` enforces the import table of eslint.layers.js (docs/architecture.md "Layers").
// These plant one import in a file of a layer, lint it with the project's own config, and check
// that a back edge fails and an allowed edge passes: proof the rule is wired, not just present.
const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'boundaries/dependencies')
    .map((m) => m.message);
}

const planted = (from: string): string => `import * as planted from '${from}';\nvoid planted;\n`;

// Loading the config and its plugins takes seconds on a busy machine: once, before the cases.
beforeAll(() => eslint.lintText('', { filePath: join(root, 'src-main/util/warm.ts') }), 120_000);

describe('the import direction rule', { timeout: 30_000 }, () => {
  it.each([
    ['src-main/broker/planted.ts', '../app/Studio', 'broker → app'],
    ['src-main/broker/planted.ts', '../store/DeviceStore', 'broker → store'],
    ['src-main/api/planted.ts', '../app/Studio', 'api → app'],
    ['src-main/streams/planted.ts', '../broker/Broker', 'streams → broker'],
    ['src-main/protocol/planted.ts', '../broker/Broker', 'protocol → broker'],
    ['src-renderer/state/planted.ts', '../views/charts/ChartsTab', 'state → views'],
    ['src-renderer/components/planted.ts', '../views/admin/AdminView', 'components → views'],
    ['src-renderer/views/serial/planted.ts', '../boards/BoardsView', 'view → another view'],
    ['src-renderer/views/resources/planted.ts', '../devices/DevicePage', 'a tab → the device page'],
  ])('fails %s importing %s (%s)', async (file, from) => {
    const errors = await boundaryErrors(file, planted(from));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/no policy allowing dependencies/);
  });

  it.each([
    ['src-main/broker/planted.ts', '../core/scheduler'],
    ['src-main/api/planted.ts', '../services/types'],
    ['src-main/app/planted.ts', '../api/handlers'],
    ['src-main/planted.ts', './app/Studio'],
    ['src-renderer/views/devices/planted.ts', '../resources/ResourcesTab'],
    ['src-renderer/state/planted.ts', '../model/SampleBuffer'],
  ])('passes %s importing %s', async (file, from) => {
    expect(await boundaryErrors(file, planted(from))).toEqual([]);
  });
});
