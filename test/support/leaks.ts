/**
 * Every encoding a secret can leak in, for tests that assert none does: raw, percent-encoded
 * (upper- and lower-case hex), form-encoded (`+` for a space), JSON-escaped (as JSON.stringify
 * writes it, and ASCII-only with `\u` escapes in either case), base64 and base64url.
 */
export function encodingsOf(secret: string): Record<string, string> {
  const percent = encodeURIComponent(secret)
  const form = new URLSearchParams({ v: secret }).toString().slice(2)
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())
  const json = JSON.stringify(secret).slice(1, -1)
  const asciiJson = json.replace(
    /[^\x20-\x7e]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  const base64 = Buffer.from(secret, 'utf8').toString('base64')
  return {
    raw: secret,
    percent,
    'percent, lower-case hex': lowerHex(percent),
    form,
    'form, lower-case hex': lowerHex(form),
    json,
    'json, \\u escapes': asciiJson,
    'json, \\u escapes upper-case': asciiJson.replace(
      /\\u([0-9a-f]{4})/g,
      (_, hex: string) => `\\u${hex.toUpperCase()}`,
    ),
    base64,
    base64url: Buffer.from(secret, 'utf8').toString('base64url'),
  }
}

/** The Basic forms of a client pair: base64 of `id:secret`, raw and form-encoded first. */
export function basicFormsOf(clientId: string, secret: string): Record<string, string> {
  const form = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
  return {
    'basic, raw pair': Buffer.from(`${clientId}:${secret}`, 'utf8').toString('base64'),
    'basic, form-encoded pair': Buffer.from(`${form(clientId)}:${form(secret)}`, 'utf8').toString(
      'base64',
    ),
  }
}

/** Which encodings of which secrets occur in the text: `password (form)`. Empty when none. */
export function leaksIn(
  text: string,
  secrets: Readonly<Record<string, string>>,
  pairs: readonly (readonly [clientId: string, secret: string])[] = [],
): string[] {
  const found: string[] = []
  for (const [name, secret] of Object.entries(secrets)) {
    for (const [encoding, form] of Object.entries(encodingsOf(secret))) {
      if (form.length > 0 && text.includes(form)) found.push(`${name} (${encoding})`)
    }
  }
  for (const [clientId, secret] of pairs) {
    for (const [encoding, form] of Object.entries(basicFormsOf(clientId, secret))) {
      if (text.includes(form) || text.includes(form.replace(/=+$/, ''))) {
        found.push(`${clientId} (${encoding})`)
      }
    }
  }
  return [...new Set(found)]
}
