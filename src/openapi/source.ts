/**
 * Where an element of a spec comes from: the vendor's page (`vendor-doc#L46`, with the line or
 * lines), a standard's section (`rfc6749#section-5.2`, `oidc-discovery#section-3`), or
 * `tokencheck` for what only the mock serves. A report uses it to tell "the vendor promised this"
 * from "the standard requires this".
 */
export type Source = string

export const SOURCE_PATTERN =
  '^(vendor-doc(#L[0-9]+(-L[0-9]+)?)?|rfc[0-9]+(#(section|appendix)-[0-9A-Za-z.]+)?|oidc-(core|discovery)(#section-[0-9.]+)?|tokencheck)$'

const sourceRegExp = new RegExp(SOURCE_PATTERN)

export type SourceKind = 'vendor-doc' | 'standard' | 'tokencheck'

export interface ParsedSource {
  kind: SourceKind
  /** `vendor-doc`, `rfc6749`, `oidc-discovery` or `tokencheck`. */
  document: string
  /** For the vendor page: the first and last line cited. */
  lines?: { from: number; to: number }
  /** For a standard: its section, as in the anchor (`5.2`). */
  section?: string
  /** A link to the standard's section. */
  url?: string
}

export function isSource(value: unknown): value is Source {
  return typeof value === 'string' && sourceRegExp.test(value)
}

/** Splits a source into its parts; undefined when it is not one. */
export function parseSource(value: string): ParsedSource | undefined {
  if (!sourceRegExp.test(value)) return undefined
  const [document = value, anchor] = value.split('#', 2)
  if (document === 'tokencheck') return { kind: 'tokencheck', document }
  if (document === 'vendor-doc') {
    if (anchor === undefined) return { kind: 'vendor-doc', document }
    const [from, to] = anchor.slice(1).split('-L').map(Number) as [number, number | undefined]
    return { kind: 'vendor-doc', document, lines: { from, to: to ?? from } }
  }
  const section = anchor?.replace(/^(section|appendix)-/, '')
  const url = document.startsWith('rfc')
    ? `https://www.rfc-editor.org/rfc/${document}.html${anchor ? `#${anchor}` : ''}`
    : `https://openid.net/specs/openid-connect-${document.slice('oidc-'.length)}-1_0.html${
        anchor ? `#${anchor.replace('section-', 'rfc.section.')}` : ''
      }`
  return { kind: 'standard', document, section, url }
}
