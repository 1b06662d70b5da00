import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('..', import.meta.url).pathname
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** Every fenced block of the README marked ```ts, with the line it starts on. */
function tsBlocks(text: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = []
  const pattern = /^```ts\n([\s\S]*?)^```$/gm
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    blocks.push({ line: text.slice(0, match.index).split('\n').length, code: match[1]! })
  }
  return blocks
}

describe("the README's TypeScript examples", () => {
  const blocks = tsBlocks(README)

  it('are there: the vitest adapter, the mock in a test, and the checks from code', () => {
    expect(blocks.map((b) => b.code)).toEqual([
      expect.stringContaining("from 'tokencheck/vitest'"),
      expect.stringContaining("from 'tokencheck/vitest'"),
      expect.stringContaining('startMock'),
      expect.stringContaining('runChecks'),
    ])
  })

  it('type-check against the library as a user imports it', { timeout: 120_000 }, () => {
    // Under node_modules, so that the examples' own imports (vitest) resolve as in a project.
    const cache = join(ROOT, 'node_modules', '.cache')
    mkdirSync(cache, { recursive: true })
    const dir = mkdtempSync(join(cache, 'readme-examples-'))
    try {
      const files = blocks.map((block, index) => {
        const file = join(dir, `example-${index + 1}.ts`)
        // A module of its own: top-level await and no shared names between examples.
        writeFileSync(file, `${block.code}\nexport {}\n`)
        return file
      })
      const program = ts.createProgram(files, {
        target: ts.ScriptTarget.ES2023,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        resolveJsonModule: true,
        // `tokencheck` is this package: its sources stand for its declarations.
        paths: {
          tokencheck: [join(ROOT, 'src/index.ts')],
          'tokencheck/vitest': [join(ROOT, 'src/vitest/index.ts')],
        },
      })
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const where =
          d.file === undefined || d.start === undefined
            ? ''
            : `${d.file.fileName.replace(dir, 'README')}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
        return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      })
      expect(diagnostics).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
