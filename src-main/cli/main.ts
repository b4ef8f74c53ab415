/**
 * `iotmp`: the command-line tool for support engineers and CI: conformance checks against
 * vector files, and decoding/encoding of frames and PSON values from the shell.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { runDecode, runEncode } from './codecCommands';
import { registerSimulateCommand } from './simulateCommand';
import { registerCommissionCommand } from './commissionCommand';
import { UsageError } from './UsageError';
import { runVectors } from './vectorsCommand';

function protocolVersion(v: string): 0 | 1 {
  if (v !== '0' && v !== '1') throw new InvalidArgumentError('must be 0 or 1');
  return Number(v) as 0 | 1;
}

const program = new Command('iotmp')
  .description('IoTMP Studio command-line tools')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program
  .command('vectors')
  .description('check golden vector files (format of shared/spec/vectors) against this codec')
  .argument('<file-or-dir...>', 'vector .json files, or folders searched for them')
  .option('-v, --verbose', 'also list the vectors that pass')
  .action((paths: string[], opts: { verbose?: boolean }) => {
    process.exitCode = runVectors(paths, { verbose: opts.verbose === true, out: console.log });
  });

program
  .command('decode')
  .description('decode IOTMP frames (or one PSON value) given as hex, and print them as JSON')
  .argument('<hex...>', "hex bytes; spaces and colons are allowed; '-' reads standard input")
  .option(
    '--pv <0|1>',
    'protocol version (default: 1, or 0 when only legacy PSON fits)',
    protocolVersion,
  )
  .option('--pson', 'the hex is one PSON value, not frames')
  .option('--compact', 'one JSON document per line')
  .action(async (hex: string[], opts: { pv?: 0 | 1; pson?: boolean; compact?: boolean }) => {
    const text = hex.length === 1 && hex[0] === '-' ? await readStdin() : hex.join(' ');
    runDecode(text, opts, console.log);
  });

program
  .command('encode')
  .description('encode a message (or, with --pson, a value) given as JSON, and print its hex')
  .argument(
    '<json>',
    `message JSON, e.g. '{"type":"RUN","fields":{"stream_id":1,"resource":"led","payload":true}}'; '-' reads standard input`,
  )
  .option(
    '--pv <0|1>',
    'protocol version (default: the "pv" key of the JSON, else 1)',
    protocolVersion,
  )
  .option('--pson', 'the JSON is one PSON value, not a message')
  .action(async (json: string, opts: { pv?: 0 | 1; pson?: boolean }) => {
    const text = json === '-' ? await readStdin() : json;
    runEncode(text, opts, console.log);
  });

registerSimulateCommand(program);
registerCommissionCommand(program);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed by commander.
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (e instanceof UsageError) {
    console.error(`iotmp: ${e.message}`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
