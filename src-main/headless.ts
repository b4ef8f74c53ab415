// Headless mode's entry: the embedded broker and the management API without Electron. Ctrl+C or
// SIGTERM stops it gracefully (API closed, devices disconnected, listeners closed, SQLite closed).
import { CommanderError, InvalidArgumentError } from 'commander';
import { runHeadless } from './app/headlessMain';

// Signals are handled from the first moment: one that arrives while the services start stops
// them as soon as they are up (a default handler would kill the process mid-start).
let headless: Awaited<ReturnType<typeof runHeadless>> | null = null;
let stopRequested: string | null = null;
const stop = (signal: string): void => {
  if (stopRequested) return;
  stopRequested = signal;
  if (!headless) return;
  console.log(`${signal}: stopping`);
  headless.stop().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`stop failed: ${String(e)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

try {
  headless = await runHeadless(process.argv.slice(2));
  if (stopRequested) {
    const signal = stopRequested;
    stopRequested = null;
    stop(signal);
  }
} catch (e) {
  // Our own InvalidArgumentErrors (config file, --tls-cert without --tls-key…) are printed here;
  // commander has already printed its own parse errors (InvalidArgumentError is a CommanderError).
  if (e instanceof InvalidArgumentError) {
    console.error(`iotmp-studio: ${e.message}`);
    process.exit(2);
  }
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  console.error(`iotmp-studio: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
