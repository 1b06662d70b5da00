import type { Command } from 'commander'
import { registerBaselineCommand } from './baseline-command.ts'
import { rootProgram } from './commands.ts'
import type { Output } from '../output.ts'
import { registerMockCommand } from './mock-command.ts'
import { registerRunCommand } from './run-command.ts'
import { registerSpecsCommand } from './specs-command.ts'

/**
 * The whole command line at once, every command's module loaded: for tests that read a command's
 * declared options. `tokencheck` itself loads only the command it runs (see `programFor`).
 */
export function buildProgram(output: Output, setExit: (code: number) => void): Command {
  const program = rootProgram(output)
  registerSpecsCommand(program, output, setExit)
  registerMockCommand(program, output, setExit)
  registerRunCommand(program, output, setExit)
  registerBaselineCommand(program, output, setExit)
  return program
}
