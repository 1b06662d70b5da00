/** The stable codes of tokencheck's own errors; callers match on `code`, never on the message. */
export const ERROR_CODES = [
  'ERR_SPEC_NOT_FOUND',
  'ERR_SPEC_INVALID',
  'ERR_CONFIG',
  'ERR_USAGE',
  'ERR_INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/**
 * A fault of tokencheck itself or of its input (a spec, a config file, the command line): never a
 * verdict about a target. Follows jose's errors: a stable `code`, evidence in `cause`.
 */
export class TokencheckError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = 'TokencheckError'
  }
}

/** True for a TokencheckError, also one that crossed a worker boundary as a plain object. */
export function isTokencheckError(value: unknown, code?: ErrorCode): value is TokencheckError {
  if (typeof value !== 'object' || value === null) return false
  const candidate = (value as { code?: unknown }).code
  if (typeof candidate !== 'string' || !(ERROR_CODES as readonly string[]).includes(candidate)) {
    return false
  }
  return code === undefined || candidate === code
}
