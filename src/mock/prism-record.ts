/**
 * Prism's own answers to the error-injection requests a spec documents, recorded so that a mock
 * just started can give them while Prism loads on its thread (a second or two of CPU): by the
 * build for the bundled specs (scripts/build-assets.mjs), and by the Prism thread, once loaded,
 * for any other spec a mock with a cache folder serves, for its next start. Only requests whose
 * answer Prism derives from the spec alone are recorded: a documented status and example, asked
 * for with `Prefer` (or `__code`), and an `Accept` from a fixed list; any other request waits for
 * Prism itself. A record is used only for the spec text, Prism and tokencheck it was made with.
 * No Prism import here.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import type { OperationInfo } from '../openapi/operation-info.ts'
import { COMPILED, PACKAGE_ROOT } from '../package-root.ts'
import { VERSION } from '../version.ts'
import type { Prism, PrismAnswer } from './prism.ts'
import { writePrivately } from './cache-dir.ts'
import { preferencesOf, type PrismRequest } from './prefer.ts'

/** What a record says it was made from. */
export interface RecordOrigin {
  /** sha256 of the spec's text the answers were recorded from. */
  sha256: string
  /** The version of @stoplight/prism-http that gave them. */
  prism: string
  /** The version of tokencheck that asked (the build's record is the package's own). */
  tokencheck?: string
}

/**
 * A record: `dist/specs/<name>.prism.json` next to a bundled spec's parsed data, or
 * `<cache folder>/prism-answers/<sha256>.json` for another spec.
 */
export interface PrismRecord extends RecordOrigin {
  answers: Record<string, PrismAnswer>
}

/** What recording needs of an operation: plain data, which the Prism thread is sent. */
export interface RecordableOperation {
  method: string
  path: string
  responses: readonly {
    status: string
    mediaTypes: readonly { mediaType: string; examples: readonly { name: string }[] }[]
  }[]
}

/** The operations as recording needs them, and nothing else of them. */
export function recordableOperations(operations: readonly OperationInfo[]): RecordableOperation[] {
  return operations.map(({ method, path, responses }) => ({
    method,
    path,
    responses: responses.map(({ status, mediaTypes }) => ({
      status,
      mediaTypes: mediaTypes.map(({ mediaType, examples }) => ({
        mediaType,
        examples: examples.map(({ name }) => ({ name })),
      })),
    })),
  }))
}

/**
 * The `Accept` values recorded, besides each media type the operation's responses document: none,
 * a browser's `fetch` and curl (`*\/*`), and axios's default.
 */
const COMMON_ACCEPTS = [undefined, '*/*', 'application/json, text/plain, */*'] as const

/**
 * The key of a request's recorded answer, or undefined when Prism's answer to it may depend on
 * more than the spec: no preference, or `dynamic=true` (generated values).
 */
export function recordKey(
  operation: Pick<RecordableOperation, 'method' | 'path'>,
  request: Pick<PrismRequest, 'headers' | 'query'>,
): string | undefined {
  const { code, exampleKey, dynamic } = preferencesOf(request)
  if (dynamic === true || (code === undefined && exampleKey === undefined)) return undefined
  const accept = request.headers['accept']?.trim()
  return JSON.stringify([
    operation.method,
    operation.path,
    code ?? null,
    exampleKey ?? null,
    accept ?? null,
  ])
}

/** The requests whose answers are recorded for one operation. */
export function requestsToRecord(operation: RecordableOperation): PrismRequest[] {
  const preferences: string[] = []
  const allExamples = new Set<string>()
  for (const response of operation.responses) {
    if (!/^\d{3}$/.test(response.status)) continue
    preferences.push(`code=${response.status}`)
    for (const example of response.mediaTypes.flatMap((m) => m.examples)) {
      preferences.push(`code=${response.status}, example=${example.name}`)
      allExamples.add(example.name)
    }
  }
  for (const name of allExamples) preferences.push(`example=${name}`)
  const accepts = new Set<string | undefined>(COMMON_ACCEPTS)
  for (const response of operation.responses)
    for (const media of response.mediaTypes) accepts.add(media.mediaType)
  const path = operation.path.replace(/\{[^}]*\}/g, 'x')
  const requests: PrismRequest[] = []
  for (const prefer of preferences) {
    // A name with a comma or an equals sign does not come back whole from the header: not recorded.
    const asked = preferencesOf({ headers: { prefer }, query: {} })
    if (asked.exampleKey !== undefined && !prefer.endsWith(`example=${asked.exampleKey}`)) continue
    for (const accept of accepts) {
      requests.push({
        method: operation.method.toUpperCase(),
        path,
        query: {},
        headers: accept === undefined ? { prefer } : { prefer, accept },
        body: '',
      })
    }
  }
  return requests
}

/** Prism's answers to every request `requestsToRecord` lists, by `recordKey`. */
export async function recordAnswers(
  operations: readonly RecordableOperation[],
  prism: Pick<Prism, 'mock'>,
): Promise<Record<string, PrismAnswer>> {
  const answers: Record<string, PrismAnswer> = {}
  for (const operation of operations) {
    for (const request of requestsToRecord(operation)) {
      const key = recordKey(operation, request)
      if (key !== undefined) answers[key] = await prism.mock(request)
    }
  }
  return answers
}

/** The file the build records a bundled spec's answers in. */
export function recordFileOf(specFile: string): string {
  return join(PACKAGE_ROOT, 'dist', 'specs', `${basename(specFile, '.yaml')}.prism.json`)
}

/** The file a spec's answers are kept in, in a cache folder. */
export function cachedRecordFile(cacheDir: string, specHash: string): string {
  return join(cacheDir, 'prism-answers', `${specHash}.json`)
}

export type RecordedAnswer = (
  operation: Pick<OperationInfo, 'method' | 'path'>,
  request: PrismRequest,
) => PrismAnswer | undefined

/**
 * The answers recorded for this spec text with this Prism (and, in a cache, this tokencheck): the
 * build's, for a bundled spec when tokencheck runs from its build, else the cache folder's.
 */
export function recordedAnswers(
  specFile: string,
  specHash: string,
  cacheDir?: string,
): RecordedAnswer | undefined {
  const bundled = COMPILED && dirname(specFile) === join(PACKAGE_ROOT, 'specs')
  const record =
    (bundled ? readRecord(recordFileOf(specFile), { sha256: specHash }) : undefined) ??
    (cacheDir === undefined
      ? undefined
      : readRecord(cachedRecordFile(cacheDir, specHash), {
          sha256: specHash,
          tokencheck: VERSION,
        }))
  if (record === undefined) return undefined
  return (operation, request) => {
    const key = recordKey(operation, request)
    return key === undefined ? undefined : record.answers[key]
  }
}

/** A record, if the file holds one made from `expected` with the Prism installed. */
function readRecord(file: string, expected: Omit<RecordOrigin, 'prism'>): PrismRecord | undefined {
  if (!existsSync(file)) return undefined
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as PrismRecord
    const matches =
      record.sha256 === expected.sha256 &&
      record.tokencheck === expected.tokencheck &&
      record.prism === prismVersion() &&
      typeof record.answers === 'object'
    return matches ? record : undefined
  } catch {
    // Unreadable, or not JSON: as if there were none.
    return undefined
  }
}

/**
 * Records Prism's answers into the cache folder, for the next start of the same spec text. A
 * file that cannot be written only means that the next start waits for Prism.
 */
export async function recordIntoCache(
  file: string,
  origin: RecordOrigin,
  operations: readonly RecordableOperation[],
  prism: Pick<Prism, 'mock'>,
): Promise<void> {
  if (existsSync(file)) return
  const answers = await recordAnswers(operations, prism)
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
    writePrivately(file, JSON.stringify({ ...origin, answers } satisfies PrismRecord))
    forgetOldest(dirname(file), file)
  } catch {
    // See above.
  }
}

/** How many specs' records a cache folder keeps: each edit of a spec makes a new one. */
export const CACHED_RECORDS = 32

/** Removes the least recently written records beyond CACHED_RECORDS, never `kept`. */
function forgetOldest(dir: string, kept: string): void {
  const records = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(dir, name))
    .filter((path) => path !== kept)
    .map((path) => ({ path, written: statSync(path).mtimeMs }))
    .sort((a, b) => b.written - a.written)
  for (const { path } of records.slice(CACHED_RECORDS - 1)) rmSync(path, { force: true })
}

/**
 * Whether Prism's answers depend on the spec's text alone: not when it refers to other files or
 * URLs, which may change while the text does not.
 */
export function selfContained(data: unknown): boolean {
  if (Array.isArray(data)) return data.every(selfContained)
  if (typeof data !== 'object' || data === null) return true
  for (const [key, value] of Object.entries(data)) {
    if (key === '$ref' && (typeof value !== 'string' || !value.startsWith('#'))) return false
    if (!selfContained(value)) return false
  }
  return true
}

/** The installed @stoplight/prism-http's version. */
export function prismVersion(): string {
  const manifest = createRequire(import.meta.url).resolve('@stoplight/prism-http/package.json')
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
}
