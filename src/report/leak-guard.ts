import { PROTOCOL_WORDS } from '../http/redact.ts'
import { escapeHtml, escapeMarkdown, escapeXml } from './escape.ts'

/** The secrets of a run, as the runner knows them, for a last look at what is about to be written. */
export interface KnownSecrets {
  /** Passwords, client secrets and tokens. */
  values: readonly string[]
  /** Client id and secret pairs: their HTTP Basic forms are searched for too. */
  clients?: readonly { id: string; secret: string }[]
}

/**
 * Values too common to search for: a secret equal to a word of the protocol (the vendor page's
 * example password `password`) is redacted by position when exchanges are recorded, and text
 * everywhere holds the word, so finding it would say nothing.
 */

/** Shorter values are not searched for: they would match unrelated text. */
export const GUARDED_MIN_LENGTH = 8

export function isGuardable(value: string): boolean {
  return value.length >= GUARDED_MIN_LENGTH && !PROTOCOL_WORDS.has(value.toLowerCase())
}

const form = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

/**
 * Every form one secret takes in the files a run writes: raw, percent- and form-encoded (either
 * hex case), JSON-escaped (also with `\u` escapes), escaped for HTML, XML and Markdown, and
 * base64 and base64url.
 */
export function encodingsOf(secret: string): Record<string, string> {
  const json = JSON.stringify(secret).slice(1, -1)
  const asciiJson = json.replace(
    /[^\x20-\x7e]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  const percent = encodeURIComponent(secret)
  return {
    raw: secret,
    'percent-encoded': percent,
    'percent-encoded, lower-case hex': lowerHex(percent),
    'form-encoded': form(secret),
    'form-encoded, lower-case hex': lowerHex(form(secret)),
    'JSON-escaped': json,
    'JSON-escaped with \\u escapes': asciiJson,
    'JSON-escaped with upper-case \\u escapes': asciiJson.replace(
      /\\u([0-9a-f]{4})/g,
      (_, hex: string) => `\\u${hex.toUpperCase()}`,
    ),
    'HTML-escaped': escapeHtml(secret),
    'XML-escaped': escapeXml(secret, { attribute: true }),
    'Markdown-escaped': escapeMarkdown(secret),
    base64: base64(secret).replace(/=+$/, ''),
    base64url: Buffer.from(secret, 'utf8').toString('base64url'),
  }
}

/** HTTP Basic forms of a client: base64 of `id:secret`, raw and form-encoded first (RFC 6749 §2.3.1). */
export function basicFormsOf(id: string, secret: string): Record<string, string> {
  return {
    'HTTP Basic (raw pair)': base64(`${id}:${secret}`).replace(/=+$/, ''),
    'HTTP Basic (form-encoded pair)': base64(`${form(id)}:${form(secret)}`).replace(/=+$/, ''),
  }
}

/**
 * Which secrets appear in `text`, and how: "secret #2 (form-encoded)". Never the secret itself:
 * the answer goes into an error message. Empty when none does.
 */
export function leaksIn(text: string, secrets: KnownSecrets): string[] {
  const found = new Set<string>()
  secrets.values.forEach((secret, index) => {
    if (!isGuardable(secret)) return
    for (const [encoding, shown] of Object.entries(encodingsOf(secret))) {
      if (shown !== '' && text.includes(shown)) found.add(`secret #${index + 1} (${encoding})`)
    }
  })
  for (const [index, client] of (secrets.clients ?? []).entries()) {
    if (!isGuardable(client.secret)) continue
    for (const [encoding, shown] of Object.entries(basicFormsOf(client.id, client.secret))) {
      if (text.includes(shown)) found.add(`client #${index + 1} (${encoding})`)
    }
  }
  return [...found]
}
