/**
 * The member names of a JSON text's top-level object in order, repeats kept: `JSON.parse` keeps
 * only the last of a repeated name, so a repeated response parameter (RFC 6749 §3.2) is visible
 * only in the text.
 */
export function topLevelKeys(text: string): string[] | undefined {
  const start = text.search(/\S/)
  if (start === -1 || text[start] !== '{') return undefined
  const keys: string[] = []
  let depth = 0
  let expectKey = false
  for (let i = start; i < text.length; i++) {
    const char = text[i]
    if (char === '"') {
      const end = stringEnd(text, i)
      if (end === -1) return undefined
      if (depth === 1 && expectKey) {
        try {
          keys.push(JSON.parse(text.slice(i, end + 1)) as string)
        } catch {
          return undefined
        }
        expectKey = false
      }
      i = end
    } else if (char === '{' || char === '[') {
      depth++
      if (depth === 1) expectKey = true
    } else if (char === '}' || char === ']') {
      depth--
    } else if (char === ',' && depth === 1) {
      expectKey = true
    }
  }
  return keys
}

/** The index of the quote that closes the string opening at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') return i
  }
  return -1
}

/** The names that occur more than once. */
export function repeatedKeys(keys: readonly string[]): string[] {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const key of keys) (seen.has(key) ? repeated : seen).add(key)
  return [...repeated]
}
