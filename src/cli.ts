import { Command, CommanderError } from 'commander'
import { readFileSync } from 'node:fs'
import { isTokencheckError } from './errors.ts'
import { EXIT } from './cli/io.ts'
import { processOutput, type Output } from './output.ts'
import { registerRunCommand } from './cli/run-command.ts'
import { registerMockCommand } from './cli/mock-command.ts'
import { registerSpecsCommand } from './cli/specs-command.ts'
import { registerBaselineCommand } from './cli/baseline-command.ts'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

export const VERSION = pkg.version

/** Builds the command line; each command reports its exit code through `setExit`. */
export function buildProgram(output: Output, setExit: (code: number) => void): Command {
  const program = new Command('tokencheck')
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
  registerSpecsCommand(program, output, setExit)
  registerMockCommand(program, output, setExit)
  registerRunCommand(program, output, setExit)
  registerBaselineCommand(program, output, setExit)
  return program
}

/** Runs the command line and returns the process exit code. */
export async function main(
  argv: readonly string[],
  output: Output = processOutput,
): Promise<number> {
  let code: number = EXIT.ok
  const program = buildProgram(output, (value) => {
    code = value
  })
  try {
    await program.parseAsync([...argv])
    return code
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    if (isTokencheckError(error)) {
      output.err(`tokencheck: ${error.message}`)
      return error.code === 'ERR_INTERNAL' ? EXIT.findings : EXIT.usage
    }
    throw error
  }
}
