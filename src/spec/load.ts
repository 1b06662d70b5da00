import { existsSync, readdirSync } from 'node:fs'
import { dirname, extname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TokencheckError } from '../errors.ts'
import { readSpecDocument, SpecInvalidError, type SpecDocument } from './document.ts'
import { deriveProfile, type Profile } from './profile.ts'

/** The folder of the specs that ship with tokencheck. */
export const BUNDLED_SPECS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../specs')

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
