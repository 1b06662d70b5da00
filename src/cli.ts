import { CommanderError } from 'commander'
import { isTokencheckError } from './errors.ts'
import { VERSION } from './version.ts'
import { EXIT } from './cli/io.ts'
import { processOutput, type Output } from './output.ts'
import { programFor } from './cli/commands.ts'

export { VERSION }

/** Runs the command line and returns the process exit code. */
export async function main(
  argv: readonly string[],
  output: Output = processOutput,
): Promise<number> {
  let code: number = EXIT.ok
  const program = await programFor(argv, output, (value) => {
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
