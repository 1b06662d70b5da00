import spectralCore, { type RulesetDefinition } from '@stoplight/spectral-core'
import spectralParsers from '@stoplight/spectral-parsers'
import spectralRulesets from '@stoplight/spectral-rulesets'
import { isTokencheckError } from '../errors.ts'
import {
  parseSpecText,
  readSpecDocument,
  SpecInvalidError,
  type SpecDocument,
  type SpecProblem,
} from './document.ts'
import { collectExamples } from './examples.ts'
import { EXTENSION_KEY } from './extension.ts'
import { isRecord, pointerOf } from './pointer.ts'
import { deriveProfile } from './profile.ts'
import { SpecValidator } from './validator.ts'

// The Spectral packages are CommonJS; their named exports sit on the default export under ESM.
const { Spectral, Document } = spectralCore
const { Yaml } = spectralParsers
const { oas } = spectralRulesets

export interface LintOptions {
  /**
   * The check ids a documented deviation may name (the catalogue's, passed in by the caller:
   * checks sit above specs); a deviation naming another is an error.
   */
  checkIds?: readonly string[]
}

export interface LintResult {
  document?: SpecDocument
  problems: SpecProblem[]
}

/**
 * Every problem of a spec, each with its line and JSON pointer: YAML syntax, Spectral's `oas`
 * ruleset (OpenAPI validity and style), the `x-tokencheck` extension and what it says of the
 * operations, and every example against its schema.
 */
export async function lintSpec(path: string, options: LintOptions = {}): Promise<LintResult> {
  let document: SpecDocument
  try {
    document = readSpecDocument(path)
  } catch (error) {
    if (error instanceof SpecInvalidError) return { problems: [...error.problems] }
    throw error
  }
  return { document, problems: await problemsOf(document, options) }
}

/** Lints spec text that is not in a file (tests, editors). */
export async function lintSpecText(
  text: string,
  file: string,
  options: LintOptions = {},
): Promise<LintResult> {
  let document: SpecDocument
  try {
    document = parseSpecText(text, file)
  } catch (error) {
    if (isTokencheckError(error, 'ERR_SPEC_INVALID')) {
      return { problems: [...(error as SpecInvalidError).problems] }
    }
    throw error
  }
  return { document, problems: await problemsOf(document, options) }
}

async function problemsOf(document: SpecDocument, options: LintOptions): Promise<SpecProblem[]> {
  const spectral = await spectralProblems(document)
  // Spectral validates most examples too; keep one message per place.
  const flagged = new Set(spectral.map((problem) => problem.pointer))
  const examples = exampleProblems(document).filter((problem) => !flagged.has(problem.pointer))
  const problems = [
    ...spectral,
    ...deriveProfile(document).problems,
    ...examples,
    ...(options.checkIds === undefined ? [] : deviationProblems(document, options.checkIds)),
  ]
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
  return problems
}

const SEVERITY = ['error', 'warning', 'warning', 'warning'] as const

let spectral: InstanceType<typeof Spectral> | undefined

async function spectralProblems(document: SpecDocument): Promise<SpecProblem[]> {
  if (spectral === undefined) {
    spectral = new Spectral()
    // As `extends: spectral:oas` does: the ruleset's recommended rules.
    spectral.setRuleset({ extends: [[oas as RulesetDefinition, 'recommended']] })
  }
  const results = await spectral.run(new Document(document.text, Yaml, document.file))
  return results.map((result) => ({
    pointer: pointerOf(result.path.map(String)),
    message: result.message,
    severity: SEVERITY[result.severity] ?? 'warning',
    rule: String(result.code),
    line: result.range.start.line + 1,
    column: result.range.start.character + 1,
  }))
}

function exampleProblems(document: SpecDocument): SpecProblem[] {
  const validator = new SpecValidator(document)
  return collectExamples(document.data).flatMap((example) => {
    let violations
    try {
      violations = validator.validate(example.schemaPointer, example.value)
    } catch (error) {
      return [
        problemAt(
          document,
          example.schemaPointer,
          `the schema does not compile: ${(error as Error).message}`,
        ),
      ]
    }
    return violations.map((violation) =>
      problemAt(
        document,
        `${example.pointer}${violation.instancePath}`,
        `example does not match its schema: ${violation.message}`,
      ),
    )
  })
}

/** Each documented deviation whose `check` names no check of the catalogue. */
function deviationProblems(document: SpecDocument, checkIds: readonly string[]): SpecProblem[] {
  const extension = isRecord(document.data) ? document.data[EXTENSION_KEY] : undefined
  const deviations = isRecord(extension) ? extension['deviations'] : undefined
  if (!Array.isArray(deviations)) return []
  return deviations.flatMap((deviation: unknown, index) => {
    const check = isRecord(deviation) ? deviation['check'] : undefined
    if (typeof check !== 'string' || checkIds.includes(check)) return []
    return [
      problemAt(
        document,
        pointerOf([EXTENSION_KEY, 'deviations', index, 'check']),
        `\`${check}\` is not a check id${closestId(check, checkIds)}`,
        'deviation',
      ),
    ]
  })
}

/** The known id that differs least from a misspelt one, as a hint. */
function closestId(id: string, ids: readonly string[]): string {
  const section = id.slice(0, id.lastIndexOf('.') + 1)
  const near = ids.filter((candidate) => candidate.startsWith(section))
  const pool = near.length > 0 ? near : ids
  let best: { id: string; distance: number } | undefined
  for (const candidate of pool) {
    const distance = editDistance(id, candidate)
    if (best === undefined || distance < best.distance) best = { id: candidate, distance }
  }
  return best === undefined || best.distance > Math.max(3, id.length / 4)
    ? ''
    : ` (did you mean \`${best.id}\`?)`
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    }
    previous = current
  }
  return previous[b.length]!
}

function problemAt(
  document: SpecDocument,
  pointer: string,
  message: string,
  rule = 'example',
): SpecProblem {
  const position = document.locate(pointer)
  return {
    pointer,
    message,
    severity: 'error',
    rule,
    ...(position ? { line: position.line, column: position.column } : {}),
  }
}
