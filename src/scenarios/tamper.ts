import { decodeJws } from '../http/token-facts.ts'

/** The next character of the same class: a digit stays a digit, a letter a letter of its case. */
function otherCharacter(character: string): string {
  if (/[0-8]/.test(character)) return String(Number(character) + 1)
  if (character === '9') return '0'
  if (/[a-y]/.test(character)) return String.fromCharCode(character.charCodeAt(0) + 1)
  if (character === 'z') return 'a'
  if (/[A-Y]/.test(character)) return String.fromCharCode(character.charCodeAt(0) + 1)
  if (character === 'Z') return 'A'
  return 'A'
}

/**
 * The token with one character changed, keeping its alphabet: in the middle of the signature
 * for a signed JWS (so the header and claims still decode), else in the middle of the token.
 */
export function alterOneCharacter(token: string): string {
  let start = 0
  const parts = token.split('.')
  if (decodeJws(token) !== undefined && (parts[2] ?? '').length > 1) {
    start = token.length - parts[2]!.length
  }
  const index = start + Math.floor((token.length - start) / 2)
  const character = token[index] ?? ''
  return `${token.slice(0, index)}${otherCharacter(character)}${token.slice(index + 1)}`
}

/**
 * The JWT's claims under a header saying `alg: none`, with an empty signature; undefined when
 * the token is not a JWT.
 * @see [RFC 7519 §6.1](https://www.rfc-editor.org/rfc/rfc7519.html#section-6.1)
 */
export function unsignedCopy(token: string): string | undefined {
  const decoded = decodeJws(token)
  if (decoded === undefined) return undefined
  const header = Buffer.from(JSON.stringify({ ...decoded.header, alg: 'none' })).toString(
    'base64url',
  )
  return `${header}.${token.split('.')[1]}.`
}
