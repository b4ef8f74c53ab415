// @ts-check
// Runs the app as a child process and ties its life to ours: signals are passed on, its exit
// status becomes ours, and it is stopped when npm's script shell dies under us.
import { spawn } from 'node:child_process';

/** How often we look whether our parent is still there (cheap: one property read). */
const PARENT_CHECK_MS = 250;

/**
 * Runs a child with our stdio, passes Ctrl+C and termination on, and exits with its status.
 *
 * npm runs a script through `sh -c` and passes SIGTERM to that shell only. On Linux /bin/sh is
 * dash, which dies of it without passing it on: we would be re-parented and the server would keep
 * its ports. So a change of parent is taken as SIGTERM.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, name: string }} options
 */
export function runAndExit(command, args, { cwd, name }) {
  const child = spawn(command, args, { cwd, stdio: 'inherit' });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => child.kill(signal));
  }
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    child.kill('SIGTERM');
  }, PARENT_CHECK_MS);
  child.on('error', (error) => {
    console.error(`${name}: could not run ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    clearInterval(watch);
    process.exit(code ?? (signal ? 1 : 0));
  });
}
