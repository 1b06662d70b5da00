import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, resolve } from 'node:path'
import { TokencheckError } from '../errors.ts'
import { PACKAGE_ROOT } from '../package-root.ts'
import {
  readSpecDocument,
  registerRemoteSpec,
  SpecInvalidError,
  type SpecDocument,
} from './document.ts'
import { deriveProfile, type Profile } from './profile.ts'

/** The folder of the specs that ship with tokencheck. */
export const BUNDLED_SPECS_DIR = join(PACKAGE_ROOT, 'specs')

/** The names of the bundled specs, in a stable order. */
export function bundledSpecNames(): string[] {
  return readdirSync(BUNDLED_SPECS_DIR)
    .filter((file) => extname(file) === '.yaml')
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort()
}

/** A bundled spec's name (`wokelo`) or a path to a spec file, as the file to read. */
export function resolveSpecPath(nameOrPath: string): string {
  const bundled = join(BUNDLED_SPECS_DIR, `${nameOrPath}.yaml`)
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath) && existsSync(bundled)) return bundled
  if (existsSync(nameOrPath)) return resolve(nameOrPath)
  const names = bundledSpecNames()
  throw new TokencheckError(
    'ERR_SPEC_NOT_FOUND',
    `no spec \`${nameOrPath}\`: not a file, nor a bundled spec (${names.join(', ')})`,
  )
}

/** The longest spec tokencheck downloads, and how long it waits for one. */
const REMOTE_SPEC_LIMIT = { bytes: 5 * 1024 * 1024, ms: 15_000 }

export function isSpecUrl(value: string): boolean {
  return /^https?:\/\//i.test(value)
}

/**
 * A spec argument as a local file: an `https://` URL is downloaded once into a folder of the
 * system's temporary directory (named by the URL's hash), so every later reader of the spec (the
 * mock, the checks, the reports) reads the same bytes; a name or path is returned as it is.
 * Plain `http://` is refused but for this machine. `ca` is PEM text to trust beside the system's.
 */
export async function localSpecPath(nameOrPathOrUrl: string, ca?: string): Promise<string> {
  if (!isSpecUrl(nameOrPathOrUrl)) return nameOrPathOrUrl
  const url = new URL(nameOrPathOrUrl)
  const where = `${url.origin}${url.pathname}`
  const cannot = (why: string, cause?: unknown) =>
    new TokencheckError('ERR_SPEC_NOT_FOUND', `cannot load the spec ${where}: ${why}`, { cause })
  if (url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw cannot('plain http:// is refused for a host other than this machine; use https://')
  }
  const { Agent, request } = await import('undici')
  const dispatcher = new Agent({ connect: ca === undefined ? {} : { ca } })
  let text: string
  try {
    const response = await request(url, {
      dispatcher,
      headers: { accept: 'application/yaml, application/json;q=0.9, */*;q=0.5' },
      headersTimeout: REMOTE_SPEC_LIMIT.ms,
      bodyTimeout: REMOTE_SPEC_LIMIT.ms,
    })
    if (response.statusCode !== 200) {
      await response.body.dump()
      throw cannot(`expected status 200, got ${response.statusCode}`)
    }
    const declared = Number(response.headers['content-length'] ?? 0)
    if (declared > REMOTE_SPEC_LIMIT.bytes) {
      await response.body.dump()
      throw cannot(`the document is larger than ${REMOTE_SPEC_LIMIT.bytes} bytes`)
    }
    text = await response.body.text()
  } catch (error) {
    if (error instanceof TokencheckError) throw error
    const code = (error as { code?: string }).code
    throw cannot(`${code === undefined ? '' : `${code}: `}${(error as Error).message}`, error)
  } finally {
    await dispatcher.close()
  }
  if (text.length > REMOTE_SPEC_LIMIT.bytes) {
    throw cannot(`the document is larger than ${REMOTE_SPEC_LIMIT.bytes} bytes`)
  }
  const folder = join(tmpdir(), 'tokencheck-specs')
  mkdirSync(folder, { recursive: true })
  const name =
    url.pathname
      .split('/')
      .pop()
      ?.replace(/[^A-Za-z0-9._-]/g, '') || 'spec.yaml'
  const file = join(
    folder,
    `${createHash('sha256').update(where).digest('hex').slice(0, 16)}-${name}`,
  )
  writeFileSync(file, text)
  registerRemoteSpec(file, where)
  return file
}

export interface LoadedSpec {
  document: SpecDocument
  profile: Profile
}

/** Reads a spec and derives its Profile; a spec with any error throws ERR_SPEC_INVALID. */
export function loadSpec(nameOrPath: string): LoadedSpec {
  const document = readSpecDocument(resolveSpecPath(nameOrPath))
  const { profile, problems } = deriveProfile(document)
  const errors = problems.filter((problem) => problem.severity === 'error')
  if (profile === undefined || errors.length > 0) {
    throw new SpecInvalidError(document.displayPath, errors)
  }
  return { document, profile }
}

export function loadProfile(nameOrPath: string): Profile {
  return loadSpec(nameOrPath).profile
}
