/**
 * The folders of src/ depend one way (http → openapi → scenarios → checks → mock, report → run →
 * cli, vitest): no two import each other, and only src/vitest/ imports vitest.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = new URL('../src', import.meta.url).pathname

const files = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(SRC, file))

/** The src/ folder a file is in; undefined for a leaf module at src/'s root. */
const folderOf = (file: string) => {
  const parts = relative(SRC, file).split('/')
  return parts.length > 1 ? parts[0] : undefined
}

const imports = files.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => ({
    file,
    specifier: m[1]!,
  })),
)

describe('imports', () => {
  it('no two folders of src/ import each other', () => {
    const edges = new Set<string>()
    for (const { file, specifier } of imports) {
      if (!specifier.startsWith('.')) continue
      const from = folderOf(file)
      const to = folderOf(resolve(dirname(file), specifier))
      if (from !== undefined && to !== undefined && from !== to) edges.add(`${from} → ${to}`)
    }
    const cycles = [...edges].filter((edge) => {
      const [from, to] = edge.split(' → ')
      return edges.has(`${to} → ${from}`)
    })
    expect(cycles).toEqual([])
  })

  it('only src/vitest/ imports vitest', () => {
    const outside = imports
      .filter(({ specifier }) => specifier === 'vitest' || specifier.startsWith('vitest/'))
      .map(({ file }) => relative(SRC, file))
      .filter((file) => !file.startsWith('vitest/'))
    expect(outside).toEqual([])
  })
})
