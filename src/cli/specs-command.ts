import type { Command } from 'commander'
import { formatProblem } from '../openapi/document.ts'
import { bundledSpecNames, loadProfile, localSpecPath, resolveSpecPath } from '../openapi/load.ts'
import type { Profile } from '../openapi/profile.ts'
import { formatTable } from '../table.ts'
import { EXIT } from './io.ts'
import type { Output } from '../output.ts'

export function registerSpecsCommand(
  program: Command,
  output: Output,
  setExit: (code: number) => void,
) {
  const specs = program
    .command('specs')
    .description('list the bundled specs, or lint a spec of your own')
    .action(() => {
      output.out(specsTable(bundledSpecNames().map((name) => loadProfile(name))))
      output.out('\nUse a name with `tokencheck mock <name>` or `tokencheck run --spec <name>`.')
    })

  specs
    .command('lint')
    .description(
      'check spec files: OpenAPI 3.1 or 3.0 validity (Spectral oas), the x-tokencheck extension, and every example against its schema',
    )
    .argument(
      '<file...>',
      'spec files (YAML or JSON), their https:// URLs, or names of bundled specs',
    )
    .option('--strict', 'count warnings as problems too')
    .action(async (files: string[], options: { strict?: boolean }) => {
      // Spectral takes about 0.4 s to load: only `specs lint` pays for it.
      const { lintSpec } = await import('../openapi/lint.ts')
      const { CHECK_IDS } = await import('../checks/index.ts')
      let failed = false
      for (const file of files) {
        const { document, problems } = await lintSpec(resolveSpecPath(await localSpecPath(file)), {
          checkIds: CHECK_IDS,
        })
        const shown = document?.displayPath ?? file
        const counted = problems.filter((p) => options.strict === true || p.severity === 'error')
        for (const problem of problems) {
          output.out(`${formatProblem(shown, problem)} [${problem.severity}, ${problem.rule}]`)
        }
        const errors = problems.filter((p) => p.severity === 'error').length
        const warnings = problems.length - errors
        output.out(
          `${shown}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
        )
        if (counted.length > 0) failed = true
      }
      setExit(failed ? EXIT.findings : EXIT.ok)
    })
}

export function specsTable(profiles: readonly Profile[]): string {
  return formatTable(
    [
      'name',
      'token endpoint',
      'request media type',
      'client authentication',
      'error style',
      'token format',
    ],
    profiles.map((profile) => [
      profile.name,
      `${profile.token.method.toUpperCase()} ${profile.token.path}`,
      profile.token.requestMediaType,
      profile.clientAuthentication.map((entry) => entry.value).join(', '),
      profile.errorStyle.value === 'rfc9457' ? 'RFC 9457 problem+json' : 'RFC 6749 §5.2 JSON',
      profile.tokenFormat.value,
    ]),
  )
}
