import { Command } from 'commander'
import { VERSION } from '../version.ts'
import type { Output } from '../output.ts'

/** Adds one command (and its subcommands) to the program; it reports its exit code via setExit. */
export type RegisterCommand = (
  program: Command,
  output: Output,
  setExit: (code: number) => void,
) => void

interface CommandEntry {
  name: string
  /** The arguments as the top-level help shows them. */
  usage: string
  /** The line the top-level help shows. */
  summary: string
  /** The command's module: imported only when the command is chosen. */
  load(): Promise<RegisterCommand>
}

/**
 * Every command, in the order `tokencheck --help` lists them. Each module is loaded only when its
 * command runs (or shows its own help): `tokencheck --help` and `tokencheck mock` do not pay for
 * the runner, Spectral or the report writers.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'specs',
    usage: '[command]',
    summary: 'list the bundled specs, or lint a spec of your own',
    load: async () => (await import('./specs-command.ts')).registerSpecsCommand,
  },
  {
    name: 'mock',
    usage: '[options] [spec]',
    summary: 'serve a spec locally: real signed JWTs, refresh, expiry, vendor-shaped errors, CORS',
    load: async () => (await import('./mock-command.ts')).registerMockCommand,
  },
  {
    name: 'run',
    usage: '[options] [target...]',
    summary:
      'check token servers against their spec and the RFCs: send each scenario once, judge every answer, write reports',
    load: async () => (await import('./run-command.ts')).registerRunCommand,
  },
  {
    name: 'baseline',
    usage: '[command]',
    summary: 'keep the expected failures that `tokencheck run --baseline` compares a run with',
    load: async () => (await import('./baseline-command.ts')).registerBaselineCommand,
  },
]

/** The program without its commands: name, description, version, output, no process.exit. */
export function rootProgram(output: Output): Command {
  return new Command('tokencheck')
    .description(
      'Conformance harness and mock server for OAuth 2.0 password-grant token APIs.\n' +
        'Specs describe token APIs; `mock` serves one locally; `run` checks a server against its spec and the RFCs.',
    )
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => output.out(text),
      writeErr: (text) => output.err(text),
    })
    .exitOverride()
}

/**
 * The command an argument vector names (`tokencheck mock …`, `tokencheck help mock`), if any. The
 * program's own options take no value, so the first word that is not an option is the command.
 */
export function chosenCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.slice(2).filter((arg) => !arg.startsWith('-'))
  const name = words[0] === 'help' ? words[1] : words[0]
  return COMMANDS.find((entry) => entry.name === name)
}

/**
 * The program for an argument vector: the chosen command's module loaded and registered, the
 * others as their summaries only (enough for the top-level help and for "unknown command").
 */
export async function programFor(
  argv: readonly string[],
  output: Output,
  setExit: (code: number) => void,
): Promise<Command> {
  const program = rootProgram(output)
  const chosen = chosenCommand(argv)
  for (const entry of COMMANDS) {
    if (entry === chosen) (await entry.load())(program, output, setExit)
    else program.command(`${entry.name} ${entry.usage}`).description(entry.summary)
  }
  return program
}
