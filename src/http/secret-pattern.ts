/**
 * Regular-expression sources that find one secret in every encoding it can travel in: raw,
 * percent-encoded (`%20` or `+` for a space, upper- or lower-case hex, any mix of encoded and
 * plain characters), JSON-escaped (`\"`, `\/`, `\u00e9`), and base64 or base64url, also inside a
 * longer base64 text such as an HTTP Basic value.
 */

const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** A hex digit that matches either case: `a` → `[aA]`. */
function hexDigit(digit: string): string {
  return /[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit
}

function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, '0')].map(hexDigit).join('')
}

/**
 * Every way one character of a secret can be written in a URL, a form or a JSON string, the
 * encoded forms first: `%2525` is a `%` and `25`, and must not be taken for `%` `2` `5` with `25`
 * left behind.
 */
function characterPattern(character: string): string {
  const alternatives = new Set<string>()
  const percent = [...Buffer.from(character, 'utf8')].map((byte) => `%${hexPattern(byte, 2)}`)
  alternatives.add(percent.join(''))
  // application/x-www-form-urlencoded writes a space as `+`.
  if (character === ' ') alternatives.add('\\+')
  const units: string[] = []
  for (let index = 0; index < character.length; index += 1) {
    units.push(`\\\\u${hexPattern(character.charCodeAt(index), 4)}`)
  }
  alternatives.add(units.join(''))
  const short = JSON_SHORT_ESCAPES[character]
  if (short !== undefined) alternatives.add(escapeRegExp(short))
  alternatives.add(escapeRegExp(character))
  return alternatives.size === 1 ? [...alternatives][0]! : `(?:${[...alternatives].join('|')})`
}

/** Finds the secret raw, percent-encoded, form-encoded or JSON-escaped, in any mix. */
export function textPattern(secret: string): string {
  return [...secret].map(characterPattern).join('')
}

function toBase64Url(base64: string): string {
  return base64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/** The whole value in base64 and base64url, padded and not. */
export function base64Forms(value: string): string[] {
  const base64 = Buffer.from(value, 'utf8').toString('base64')
  return [base64, base64.replace(/=+$/, ''), toBase64Url(base64)]
}

/**
 * The base64 characters that depend on the secret's bytes alone, for each of the three offsets it
 * can have inside a longer base64 text (`id:secret` in a Basic value): each is found wherever the
 * secret sits in the encoded bytes. Only for secrets long enough that the core is unambiguous.
 */
export function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  if (bytes.length < 6) return []
  const cores: string[] = []
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '')
    const lead = offset === 0 ? 0 : offset + 1
    const total = offset + bytes.length
    const tail = total % 3 === 0 ? 0 : 1
    const core = encoded.slice(lead, encoded.length - tail)
    cores.push(core, toBase64Url(core))
  }
  return cores
}
