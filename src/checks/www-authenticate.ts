/**
 * `WWW-Authenticate` challenges, parsed as RFC 9110 §11.6.1 writes them:
 * `challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, several challenges in one field
 * value separated by commas, and several field lines joined as one list.
 *
 * @see [RFC 9110 §11.6.1](https://www.rfc-editor.org/rfc/rfc9110.html#section-11.6.1)
 */

export interface Challenge {
  /** As sent; compare case-insensitively (RFC 9110 §11.1). */
  scheme: string
  token68?: string
  /** Parameter names lower-cased, in order, repeats kept. */
  params: readonly (readonly [name: string, value: string])[]
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/

/** The challenges of every field line, or why the value does not parse. */
export function parseChallenges(values: readonly string[]): Challenge[] | { error: string } {
  const text = values.join(', ')
  const challenges: Challenge[] = []
  let rest = text
  const skipListSeparators = () => {
    rest = rest.replace(/^[\s,]+/, '')
  }
  skipListSeparators()
  while (rest !== '') {
    const scheme = TOKEN.exec(rest)?.[0]
    if (scheme === undefined)
      return { error: `expected an auth-scheme at \`${rest.slice(0, 20)}\`` }
    rest = rest.slice(scheme.length)
    const params: [string, string][] = []
    let token68: string | undefined
    if (/^ +/.test(rest)) {
      rest = rest.replace(/^ +/, '')
      if (startsParam(rest)) {
        const parsed = parseParams(rest, params)
        if ('error' in parsed) return parsed
        rest = parsed.rest
      } else {
        const t68 = TOKEN68.exec(rest)?.[0]
        if (t68 !== undefined && /^\s*(,|$)/.test(rest.slice(t68.length))) {
          token68 = t68
          rest = rest.slice(t68.length)
        }
      }
    }
    challenges.push({
      scheme,
      ...(token68 === undefined ? {} : { token68 }),
      params,
    })
    rest = rest.replace(/^\s*/, '')
    if (rest !== '' && !rest.startsWith(',')) {
      return { error: `expected \`,\` between challenges at \`${rest.slice(0, 20)}\`` }
    }
    skipListSeparators()
  }
  return challenges
}

/** `name = value` with a value: a parameter, not a token68 such as `abc=`. */
function startsParam(text: string): boolean {
  const name = TOKEN.exec(text)?.[0]
  if (name === undefined) return false
  return /^[ \t]*=[ \t]*[^\s,=]/.test(text.slice(name.length))
}

/** Reads `name = value` pairs until the next challenge starts; returns what is left. */
function parseParams(
  input: string,
  params: [string, string][],
): { rest: string } | { error: string } {
  let rest = input
  for (;;) {
    const name = TOKEN.exec(rest)?.[0]
    if (name === undefined) return { rest }
    const afterName = rest.slice(name.length).replace(/^[ \t]*/, '')
    if (!afterName.startsWith('=')) return { rest } // a token not followed by `=`: the next scheme
    rest = afterName.slice(1).replace(/^[ \t]*/, '')
    let value: string
    if (rest.startsWith('"')) {
      const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest)
      if (quoted === null) return { error: `unterminated quoted-string in "${name}"` }
      value = (quoted[1] ?? '').replace(/\\(.)/g, '$1')
      rest = rest.slice(quoted[0].length)
    } else {
      const token = TOKEN.exec(rest)?.[0]
      if (token === undefined) return { error: `expected a value for "${name}"` }
      value = token
      rest = rest.slice(token.length)
    }
    params.push([name.toLowerCase(), value])
    const afterValue = rest.replace(/^[ \t]*/, '')
    if (!afterValue.startsWith(',')) return { rest: afterValue }
    // After a comma comes another parameter of this challenge, or the next challenge.
    const next = afterValue.slice(1).replace(/^[\s,]*/, '')
    if (!startsParam(next)) return { rest: afterValue }
    rest = next
  }
}

/** The challenges of one scheme, compared case-insensitively. */
export function challengesOf(challenges: readonly Challenge[], scheme: string): Challenge[] {
  return challenges.filter((challenge) => challenge.scheme.toLowerCase() === scheme.toLowerCase())
}

export function paramOf(challenge: Challenge, name: string): string | undefined {
  return challenge.params.find(([key]) => key === name)?.[1]
}
