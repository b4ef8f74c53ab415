#!/usr/bin/env node
// `iotmp` command: loads the TypeScript CLI through tsx, so it runs from a source checkout
// without a separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/main.ts');
