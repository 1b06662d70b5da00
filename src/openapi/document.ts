import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join, relative, resolve } from 'node:path'
import type { Document, LineCounter } from 'yaml'
import { TokencheckError } from '../errors.ts'
import { COMPILED, PACKAGE_ROOT } from '../package-root.ts'
import { segmentsOf } from './pointer.ts'
import { openapi30Version, upgradeTo31 } from './upgrade.ts'

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
  /** The document as tokencheck reads it: OpenAPI 3.1 (a 3.0 file is converted on load). */
  data: unknown
  /** The OpenAPI 3.0.x version the file declares, when it was converted to 3.1 on load. */
  convertedFrom?: string
  locate(pointer: string): Position | undefined
}

/** Files downloaded from a URL, by the URL a person gave: messages name the URL. */
const remoteOrigins = new Map<string, string>()

/** Names `file` by `url` in every message about it. */
export function registerRemoteSpec(file: string, url: string): void {
  remoteOrigins.set(resolve(file), url)
}

export function displayPathOf(file: string): string {
  const remote = remoteOrigins.get(file)
  if (remote !== undefined) return remote
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
  const displayPath = displayPathOf(file)
  const hash = createHash('sha256').update(text).digest('hex')
  const prepared = preparedData(file, hash)
  if (prepared !== undefined) {
    // A bundled spec as the build parsed it: the YAML is parsed again only to find a line.
    let parsed: ParsedYaml | undefined
    const located = (pointer: string) => locate((parsed ??= parseYaml(text, displayPath)), pointer)
    return { file, displayPath, text, hash, ...prepared, locate: located }
  }
  const parsed = parseYaml(text, displayPath)
  const data: unknown = parsed.doc.toJS({ maxAliasCount: 100 })
  // A 3.0 document is read as its 3.1 equivalent; the conversion keeps every pointer in place, so
  // `locate` finds the user's lines in the original text.
  const convertedFrom = openapi30Version(data)
  return {
    file,
    displayPath,
    text,
    hash,
    data: convertedFrom === undefined ? data : upgradeTo31(data as Record<string, unknown>),
    ...(convertedFrom === undefined ? {} : { convertedFrom }),
    locate: (pointer) => locate(parsed, pointer),
  }
}

interface ParsedYaml {
  doc: Document
  lineCounter: LineCounter
}

const require = createRequire(import.meta.url)

function parseYaml(text: string, displayPath: string): ParsedYaml {
  // Loaded on first use: a bundled spec in the build needs no YAML parser to start a mock.
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml')
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true })
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
  return { doc, lineCounter }
}

/** What the build parsed of a bundled spec (scripts/build-assets.mjs), if it is this text's. */
function preparedData(
  file: string,
  hash: string,
): Pick<SpecDocument, 'data' | 'convertedFrom'> | undefined {
  if (!COMPILED || dirname(file) !== join(PACKAGE_ROOT, 'specs')) return undefined
  const prepared = join(PACKAGE_ROOT, 'dist', 'specs', `${basename(file, '.yaml')}.json`)
  if (!existsSync(prepared)) return undefined
  const { sha256, data, convertedFrom } = JSON.parse(readFileSync(prepared, 'utf8')) as {
    sha256: string
    data: unknown
    convertedFrom?: string
  }
  if (sha256 !== hash) return undefined
  return convertedFrom === undefined ? { data } : { data, convertedFrom }
}

/** The line of the node at `pointer`, or of its nearest existing ancestor. */
function locate({ doc, lineCounter }: ParsedYaml, pointer: string): Position | undefined {
  const { isNode } = require('yaml') as typeof import('yaml')
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
