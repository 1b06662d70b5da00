/**
 * Prism's own answers to the error-injection requests a bundled spec documents, recorded by the
 * build (scripts/build-assets.mjs) so that a mock just started can give them while Prism loads on
 * its thread (a second or two of CPU). Only requests whose answer Prism derives from the spec
 * alone are recorded: a documented status and example, asked for with `Prefer` (or `__code`), and
 * an `Accept` from a fixed list; any other request waits for Prism itself. No Prism import here.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import type { OperationInfo } from '../openapi/operation-info.ts'
import { COMPILED, PACKAGE_ROOT } from '../package-root.ts'
import type { Prism, PrismAnswer } from './prism.ts'
import { preferencesOf, type PrismRequest } from './prefer.ts'

/** What the build writes next to a bundled spec's parsed data: `dist/specs/<name>.prism.json`. */
export interface PrismRecord {
  /** sha256 of the spec's YAML the answers were recorded from. */
  sha256: string
  /** The version of @stoplight/prism-http that gave them. */
  prism: string
  answers: Record<string, PrismAnswer>
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
  operation: Pick<OperationInfo, 'method' | 'path'>,
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

/** The requests whose answers the build records for one operation. */
export function requestsToRecord(operation: OperationInfo): PrismRequest[] {
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
  operations: readonly OperationInfo[],
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

/**
 * The answers recorded for this spec, when it is a bundled spec whose text is the one the build
 * recorded them from, with the Prism this install has; undefined otherwise (running from the
 * sources, a user's spec, an edited spec).
 */
export function recordedAnswers(
  specFile: string,
  specHash: string,
): ((operation: OperationInfo, request: PrismRequest) => PrismAnswer | undefined) | undefined {
  if (!COMPILED || dirname(specFile) !== join(PACKAGE_ROOT, 'specs')) return undefined
  const file = recordFileOf(specFile)
  if (!existsSync(file)) return undefined
  const record = JSON.parse(readFileSync(file, 'utf8')) as PrismRecord
  if (record.sha256 !== specHash || record.prism !== prismVersion()) return undefined
  return (operation, request) => {
    const key = recordKey(operation, request)
    return key === undefined ? undefined : record.answers[key]
  }
}

/** The installed @stoplight/prism-http's version. */
export function prismVersion(): string {
  const manifest = createRequire(import.meta.url).resolve('@stoplight/prism-http/package.json')
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
}
