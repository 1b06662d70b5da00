/** JSON Pointer (RFC 6901) helpers, and `$ref` resolution inside one document. */

export function escapeSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1')
}

export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${escapeSegment(segment)}`).join('')
}

export function segmentsOf(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return []
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer
  return body
    .slice(1)
    .split('/')
    .map((segment) => decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~'))
}

/**
 * A JSON Pointer as a person reads it: each segment unescaped, joined by ` › `, so
 * `/paths/~1auth~1token~1/post` reads `paths › /auth/token/ › post` (RFC 6901 §4's `~1` and `~0`
 * are for machines).
 * @see [RFC 6901 §4](https://www.rfc-editor.org/rfc/rfc6901.html#section-4)
 */
export function readablePointer(pointer: string): string {
  const segments = segmentsOf(pointer)
  return segments.length === 0 ? '(the document)' : segments.join(' › ')
}

export function getAt(root: unknown, pointer: string): unknown {
  let node = root
  for (const segment of segmentsOf(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[segment]
  }
  return node
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export interface Resolved {
  value: unknown
  /** Where the value really is, after following every `$ref`. */
  pointer: string
}

/**
 * Follows internal `$ref`s (`#/components/...`) from the node at `pointer` until a node that is not
 * a reference. Returns an error message for an external or dangling reference, or a cycle.
 */
export function resolveRefs(root: unknown, pointer: string): Resolved | { error: string } {
  let current: Resolved = { value: getAt(root, pointer), pointer }
  const seen = new Set<string>()
  while (isRecord(current.value) && typeof current.value['$ref'] === 'string') {
    const ref = current.value['$ref']
    if (!ref.startsWith('#')) {
      return {
        error: `"$ref" \`${ref}\` points outside the file; bundle the spec into one file first`,
      }
    }
    if (seen.has(ref)) return { error: `"$ref" \`${ref}\` is part of a cycle` }
    seen.add(ref)
    const target = ref.slice(1)
    const value = getAt(root, target)
    if (value === undefined) return { error: `"$ref" \`${ref}\` points at nothing` }
    current = { value, pointer: target }
  }
  return current
}
