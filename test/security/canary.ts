/**
 * Canary secrets and a detector of them in any encoding a server might write one in: raw,
 * form- and percent-encoded, JSON-escaped, hex, and base64 or base64url at any byte alignment
 * (so a canary inside a Basic header's `id:secret`, or inside any longer base64 text, is found),
 * and each run of 12 or more unreserved characters in it alone (a partial echo).
 */

/** Distinctive values with the characters every encoding changes: space, `+&=%:/`, `"`, `\`, ü. */
export const CANARY = {
  password: 'Cn4ry-pw-Q7zK9 +&=%:/"\\ü-end',
  wrongPassword: 'Cn4ry-wrongpw-M2xR5 +&=%:/"\\ü-end',
  secret: 'Cn4ry-sec-W8vT3 +&=%:/"\\ü-end',
  wrongSecret: 'Cn4ry-wrongsec-H6nP1 +&=%:/"\\ü-end',
} as const

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B). */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2)
}

/**
 * The base64 text that stands for `bytes` wherever they sit in a longer input: one fragment per
 * alignment (0, 1 or 2 bytes before them), keeping only the characters they alone determine.
 */
function base64Fragments(bytes: Buffer): string[] {
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64')
    const first = Math.ceil((pad * 8) / 6)
    const end = Math.floor(((pad + bytes.length) * 8) / 6)
    return encoded.slice(first, end)
  })
}

/** Every form of a secret the detector looks for, by name. */
export function encodingsOf(secret: string): Record<string, string> {
  const forms: Record<string, string> = {
    raw: secret,
    'form-encoded': formEncode(secret),
    'percent-encoded': encodeURIComponent(secret),
    'JSON-escaped': JSON.stringify(secret).slice(1, -1),
    'JSON-escaped as ASCII': JSON.stringify(secret)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    hex: Buffer.from(secret, 'utf8').toString('hex'),
  }
  for (const [name, text] of [
    ['raw', secret],
    ['form-encoded', formEncode(secret)],
  ] as const) {
    base64Fragments(Buffer.from(text, 'utf8')).forEach((fragment, pad) => {
      forms[`base64 of the ${name} value at offset ${pad}`] = fragment
      forms[`base64url of the ${name} value at offset ${pad}`] = fragment
        .replaceAll('+', '-')
        .replaceAll('/', '_')
    })
  }
  // A server that rewrites the characters it cannot print (`"` to `'`) still leaks the rest.
  for (const [index, part] of (secret.match(/[A-Za-z0-9._~-]{12,}/g) ?? []).entries()) {
    if (part === secret) continue
    forms[`its unreserved run ${index + 1}, raw`] = part
    base64Fragments(Buffer.from(part, 'utf8')).forEach((fragment, pad) => {
      forms[`its unreserved run ${index + 1}, base64 at offset ${pad}`] = fragment
    })
  }
  return forms
}

/** Each secret found in a text, named with the encoding it was found in. */
export function leaksIn(text: string, secrets: Readonly<Record<string, string>>): string[] {
  const found: string[] = []
  const lower = text.toLowerCase()
  for (const [label, secret] of Object.entries(secrets)) {
    for (const [encoding, form] of Object.entries(encodingsOf(secret))) {
      // Percent- and hex-encodings are matched whatever the case of their hex digits.
      const matches = /hex|percent|form/.test(encoding)
        ? lower.includes(form.toLowerCase())
        : text.includes(form)
      if (matches) found.push(`${label} (${encoding})`)
    }
  }
  return found
}
