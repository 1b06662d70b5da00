import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { LineCounter, parseDocument, isNode, type Document } from 'yaml'
import { TokencheckError } from '../errors.ts'
import { segmentsOf } from './pointer.ts'

export interface Position {
  line: number
  column: number
}

/** One problem found in a spec, located by JSON pointer and, where the file has it, by line. */
export interface SpecProblem {
  pointer: string
  message: string
  severity: 'error' | 'warning'
  /** What found it: `yaml`, `x-tokencheck`, `profile`, or a Spectral rule's name. */
  rule: string
  line?: number
  column?: number
}

/** A spec file as read: its text, its data, and a way back from a JSON pointer to a line. */
export interface SpecDocument {
  /** Absolute path. */
  file: string
  /** The path as a person would type it, relative to the working directory when inside it. */
  displayPath: string
  text: string
  /** sha256 of the text, hex. */
  hash: string
  data: unknown
  locate(pointer: string): Position | undefined
}

export function displayPathOf(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel.startsWith('..') || rel === '' ? file : rel
}

/** Reads and parses a YAML (or JSON) spec. Syntax errors throw ERR_SPEC_INVALID with their lines. */
export function readSpecDocument(path: string): SpecDocument {
  const file = resolve(path)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    throw new TokencheckError(
      'ERR_SPEC_NOT_FOUND',
      `${displayPathOf(file)}: cannot read the spec`,
      {
        cause,
      },
    )
  }
  return parseSpecText(text, file)
}

export function parseSpecText(text: string, file: string): SpecDocument {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true })
  const displayPath = displayPathOf(file)
  if (doc.errors.length > 0) {
    const problems: SpecProblem[] = doc.errors.map((error) => {
      const position = error.linePos?.[0]
      return {
        pointer: '',
        message: error.message.split('\n')[0] ?? error.message,
        severity: 'error',
        rule: 'yaml',
        ...(position ? { line: position.line, column: position.col } : {}),
      }
    })
    throw new SpecInvalidError(displayPath, problems)
  }
  return {
    file,
    displayPath,
    text,
    hash: createHash('sha256').update(text).digest('hex'),
    data: doc.toJS({ maxAliasCount: 100 }),
    locate: (pointer) => locate(doc, lineCounter, pointer),
  }
}

/** The line of the node at `pointer`, or of its nearest existing ancestor. */
function locate(doc: Document, lineCounter: LineCounter, pointer: string): Position | undefined {
  const segments = segmentsOf(pointer)
  for (let length = segments.length; length >= 0; length--) {
    const path = segments.slice(0, length).map((s) => (/^\d+$/.test(s) ? Number(s) : s))
    const node = length === 0 ? doc.contents : doc.getIn(path, true)
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0])
      return { line, column: col }
    }
  }
  return undefined
}

/** ERR_SPEC_INVALID with every problem, each named by file, line and JSON pointer. */
export class SpecInvalidError extends TokencheckError {
  readonly problems: readonly SpecProblem[]

  constructor(displayPath: string, problems: readonly SpecProblem[]) {
    const lines = problems.map((problem) => `  ${formatProblem(displayPath, problem)}`)
    super('ERR_SPEC_INVALID', `${displayPath} is not a usable spec:\n${lines.join('\n')}`)
    this.problems = problems
  }
}

export function formatProblem(displayPath: string, problem: SpecProblem): string {
  const where = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`
  const pointer = problem.pointer === '' ? '' : ` ${problem.pointer}`
  return `${displayPath}${where}${pointer}: ${problem.message}`
}
