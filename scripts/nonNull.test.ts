import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// `npm run lint` refuses `!` non-null assertions in source (eslint.config.js, issue 14 §5). These
// lint one planted `!` with the project's own config: it fails in source, passes in a test.
const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function nonNullErrors(file: string): Promise<number> {
  const code = 'export const first = (xs: number[]): number => xs[0]!;\n';
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter(
    (m) => m.ruleId === '@typescript-eslint/no-non-null-assertion',
  ).length;
}

// Loading the config and its plugins takes seconds on a busy machine: once, before the cases.
beforeAll(() => eslint.lintText('', { filePath: join(root, 'src-main/util/warm.ts') }), 120_000);

describe('the non-null assertion rule', { timeout: 30_000 }, () => {
  it.each([
    'src-main/protocol/planted.ts',
    'src-main/commission/planted.ts',
    'src-main/api/planted.ts',
    'src-main/api/handlers/planted.ts',
    'src-main/newFolder/planted.ts',
    'src-renderer/state/planted.ts',
    'src-renderer/views/serial/planted.tsx',
  ])('fails a `!` in %s', async (file) => {
    expect(await nonNullErrors(file)).toBe(1);
  });

  it.each(['src-main/protocol/planted.test.ts', 'src-main/flash/testing/planted.ts'])(
    'lets a test or test helper assert (%s)',
    async (file) => {
      expect(await nonNullErrors(file)).toBe(0);
    },
  );
});
