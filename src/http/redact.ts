import type { HeaderList } from './exchange.ts'
import { base64Cores, base64Forms, escapeRegExp, textPattern } from './secret-pattern.ts'

/** What replaces a secret in a recorded exchange. */
export const REDACTED = '[redacted]'

/** Request and response members that carry a secret, wherever they appear: form, query, JSON. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'password',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_assertion',
])

/** Headers whose value is a credential: the scheme stays, the rest goes. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization'])

/**
 * Words of the protocol itself. A secret equal to one of them (the page's example password
 * `password`, auth-login's `example`) is redacted by position only, since redacting the word
 * everywhere would also erase `grant_type=password` and every field name.
 */
export const PROTOCOL_WORDS: ReadonlySet<string> = new Set([
  '[redacted]',
  'password',
  'example',
  'username',
  'user',
  'secret',
  'client',
  'client_id',
  'client_secret',
  'grant_type',
  'refresh_token',
  'access_token',
  'id_token',
  'token',
  'token_type',
  'expires_in',
  'scope',
  'bearer',
  'basic',
  'error',
  'error_description',
  'invalid_grant',
  'invalid_client',
  'invalid_request',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_grant_type',
  'openid',
  'read',
  'write',
  'update',
  'admin',
  'test',
  'redacted',
  'true',
  'false',
  'null',
])

/** Shorter secrets are redacted by position only: their value would match unrelated text. */
const MIN_VALUE_LENGTH = 4

function isWeak(secret: string): boolean {
  return secret.length < MIN_VALUE_LENGTH || PROTOCOL_WORDS.has(secret.toLowerCase())
}

/**
 * Removes secrets from what is recorded, by value in every encoding a secret can take
 * (src/http/secret-pattern.ts), and by position: form fields, query parameters, JSON members,
 * multipart parts and credential headers named as secrets. A short secret or one equal to a
 * protocol word is redacted by position only, so a report stays readable. Secrets join the set
 * as soon as they are known, tokens too, the moment a response carries them.
 */
export class Redactor {
  readonly #secrets = new Set<string>()
  readonly #literals = new Set<string>()
  #patterns: readonly SecretPattern[] | undefined
  readonly #patternCache = new Map<string, SecretPattern & { length: number }>()

  /** Adds a password, client secret or token. Empty values are ignored. */
  addSecret(secret: string | undefined): void {
    if (secret === undefined || secret === '' || this.#secrets.has(secret)) return
    this.#secrets.add(secret)
    for (const form of base64Forms(secret)) if (form.length >= 8) this.#literals.add(form)
    if (!isWeak(secret)) for (const core of base64Cores(secret)) this.#literals.add(core)
    this.#patterns = undefined
  }

  /** Adds a client's secret and its HTTP Basic forms, raw and form-urlencoded (RFC 6749 §2.3.1). */
  addClient(clientId: string | undefined, secret: string | undefined): void {
    if (secret === undefined || secret === '') return
    this.addSecret(secret)
    if (clientId === undefined) return
    const form = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
    for (const pair of [`${clientId}:${secret}`, `${form(clientId)}:${form(secret)}`]) {
      for (const encoded of base64Forms(pair)) this.#literals.add(encoded)
    }
    this.#patterns = undefined
  }

  /** True when the value is a known secret. */
  isSecret(value: string): boolean {
    return this.#secrets.has(value)
  }

  /** Replaces every known secret in any encoding. */
  redactText(text: string): string {
    let redacted = text
    // Every encoded form a secret's pattern finds holds `%` or `\` (or `+` for a space): in a
    // text with none of them, each match is the secret as it is, and a plain search finds it
    // without running the pattern (a JWT's is thousands of characters, compiled on first use).
    const escaped = /[%\\]/.test(text)
    const plus = text.includes('+')
    for (const { probe, pattern, secret } of this.#compiled()) {
      if (probe !== undefined && !redacted.includes(probe)) continue
      if (secret !== undefined && !escaped && !(plus && secret.includes(' '))) {
        redacted = redacted.replaceAll(secret, REDACTED)
        continue
      }
      pattern.lastIndex = 0
      redacted = redacted.replace(pattern, REDACTED)
    }
    return redacted
  }

  /** A URL with secrets redacted by value, then secret query parameters by name. */
  redactUrl(url: string): string {
    const text = this.redactText(url)
    const queryAt = text.indexOf('?')
    if (queryAt < 0) return text
    const hashAt = text.indexOf('#', queryAt)
    const query = text.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt)
    const rest = hashAt < 0 ? '' : text.slice(hashAt)
    return `${text.slice(0, queryAt)}?${this.#redactFormFields(query)}${rest}`
  }

  redactHeaders(headers: HeaderList): HeaderList {
    return headers.map(([name, value]) => [name, this.#headerValue(name, this.redactText(value))])
  }

  /**
   * A body as text, redacted by value, then by field position for its media type. Value comes
   * first: a secret sent unencoded can hold `&` or `"`, and splitting it into fields first would
   * leave a piece of it behind.
   */
  redactBody(body: string, mediaType: string | undefined): string {
    const text = this.redactText(body)
    if (mediaType === 'application/x-www-form-urlencoded') return this.#redactFormFields(text)
    if (mediaType === 'multipart/form-data') return redactMultipartFields(text)
    if ((mediaType !== undefined && /[/+]json$/.test(mediaType)) || /^\s*[{[]/.test(text)) {
      return redactLooseMembers(redactJsonMembers(text))
    }
    return text
  }

  /** A parsed JSON value with secret members and secret values redacted. */
  redactJson(value: unknown): unknown {
    if (typeof value === 'string') return this.redactText(value)
    if (Array.isArray(value)) return value.map((item) => this.redactJson(item))
    if (typeof value !== 'object' || value === null) return value
    const copy: Record<string, unknown> = {}
    for (const [key, member] of Object.entries(value)) {
      copy[key] =
        SECRET_FIELDS.has(key) && typeof member === 'string' ? REDACTED : this.redactJson(member)
    }
    return copy
  }

  #headerValue(name: string, value: string): string {
    if (CREDENTIAL_HEADERS.has(name)) {
      const scheme = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s/.exec(value)?.[1]
      return scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`
    }
    if (name === 'cookie') return value.replace(/([^=;\s]+)=[^;]*/g, `$1=${REDACTED}`)
    // Set-Cookie: the cookie's value goes, its attributes stay.
    if (name === 'set-cookie') return value.replace(/^([^=;\s]+)=[^;]*/, `$1=${REDACTED}`)
    return value
  }

  /** `a=1&password=x` → `a=1&password=[redacted]`; a field whose value is a secret goes too. */
  #redactFormFields(form: string): string {
    return form
      .split('&')
      .map((pair) => {
        const equals = pair.indexOf('=')
        if (equals < 0) return pair
        const name = decodeFormComponent(pair.slice(0, equals))
        const value = decodeFormComponent(pair.slice(equals + 1))
        if (SECRET_FIELDS.has(name) || (this.#secrets.has(value) && !isWeak(value))) {
          return `${pair.slice(0, equals)}=${REDACTED}`
        }
        return pair
      })
      .join('&')
  }

  /**
   * One pattern per secret and per literal, longest first (a secret that contains another is
   * replaced whole), each with a probe: a run of characters that every encoding the pattern
   * finds leaves as it is (letters and digits are never percent-encoded or JSON-escaped by an
   * encoder), so a text without the probe is skipped without running the pattern. One alternation
   * of every secret would be tried at every position of every text, which dozens of tokens make
   * slow.
   */
  #compiled(): readonly SecretPattern[] {
    if (this.#patterns !== undefined) return this.#patterns
    const entries: (SecretPattern & { length: number })[] = []
    for (const literal of this.#literals) {
      entries.push(
        this.#cachedPattern(`l:${literal}`, () => ({
          pattern: new RegExp(escapeRegExp(literal), 'g'),
          probe: literal,
          length: literal.length,
        })),
      )
    }
    for (const secret of this.#secrets) {
      if (isWeak(secret)) continue
      entries.push(
        this.#cachedPattern(`s:${secret}`, () => ({
          pattern: new RegExp(textPattern(secret), 'g'),
          probe: probeOf(secret),
          secret,
          length: secret.length,
        })),
      )
    }
    entries.sort((a, b) => b.length - a.length)
    this.#patterns = entries
    return entries
  }

  /**
   * Each secret's pattern is built once: a run learns tokens one by one, and rebuilding every
   * pattern at each new one (a JWT's is thousands of characters) cost seconds a run.
   */
  #cachedPattern(
    key: string,
    build: () => SecretPattern & { length: number },
  ): SecretPattern & { length: number } {
    let entry = this.#patternCache.get(key)
    if (entry === undefined) {
      entry = build()
      this.#patternCache.set(key, entry)
    }
    return entry
  }
}

interface SecretPattern {
  pattern: RegExp
  /** Text every match contains; undefined when the secret has no run long enough to trust. */
  probe?: string
  /** The secret itself, for a pattern that finds it in every encoding (not for a literal). */
  secret?: string
}

/** The longest run of ASCII letters and digits in a secret, when it has one of 4 or more. */
function probeOf(secret: string): string | undefined {
  const runs = secret.match(/[A-Za-z0-9]{4,}/g) ?? []
  return runs.reduce<string | undefined>(
    (longest, run) => (longest === undefined || run.length > longest.length ? run : longest),
    undefined,
  )
}

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    return text
  }
}

const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`

/** `"password": "x"` → `"password": "[redacted]"` in JSON text, keeping the text as it was. */
export function redactJsonMembers(text: string): string {
  const member = new RegExp(`(${JSON_STRING})(\\s*:\\s*)(${JSON_STRING})`, 'g')
  return text.replace(member, (whole, key: string, colon: string) => {
    let name: unknown
    try {
      name = JSON.parse(key)
    } catch {
      return whole
    }
    return typeof name === 'string' && SECRET_FIELDS.has(name)
      ? `${key}${colon}"${REDACTED}"`
      : whole
  })
}

const NAMES = [...SECRET_FIELDS].map(escapeRegExp).join('|')

/**
 * Secret members in text that only looks like JSON: single-quoted, or cut short by a cap or a
 * closed connection (`{"access_token":"eyJ…` and no more). The value goes up to its closing quote,
 * or to the end of the text. A token in such a body never parsed, so no value names it.
 */
export function redactLooseMembers(text: string): string {
  const member = new RegExp(
    `(?<![\\w-])(["']?)(${NAMES})\\1(\\s*:\\s*)(["'])((?:\\\\[\\s\\S]|(?!\\4)[^\\\\])*)(\\4|$)`,
    'g',
  )
  return text.replace(
    member,
    (_, quote: string, name: string, colon: string, open: string, _value: string, close: string) =>
      `${quote}${name}${quote}${colon}${open}${REDACTED}${close}`,
  )
}

/** The content of a multipart part named as a secret field, up to the next boundary line. */
function redactMultipartFields(text: string): string {
  const part =
    /(content-disposition:[^\r\n]*;\s*name="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)([\s\S]*?)(\r?\n--)/gi
  return text.replace(part, (whole, head: string, name: string, _value: string, next: string) =>
    SECRET_FIELDS.has(name) ? `${head}${REDACTED}${next}` : whole,
  )
}
