import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUNDLED_SPECS_DIR, bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'
import { isRecord, resolveRefs } from '../../src/openapi/pointer.ts'
import { SOURCE_KEY } from '../../src/openapi/operation-info.ts'
import { isSource, parseSource } from '../../src/openapi/source.ts'

/** Every element a report may attribute: operations, request and response media types, responses, headers, examples and each request or response schema's properties. */
function attributable(data: unknown): { pointer: string; node: Record<string, unknown> }[] {
  const found: { pointer: string; node: Record<string, unknown> }[] = []
  const visit = (pointer: string) => {
    const resolved = resolveRefs(data, pointer)
    if ('error' in resolved || !isRecord(resolved.value)) return
    found.push({ pointer: resolved.pointer, node: resolved.value })
  }
  const paths = (data as { paths: Record<string, Record<string, unknown>> }).paths
  for (const [path, item] of Object.entries(paths)) {
    for (const method of Object.keys(item)) {
      const op = `/paths/${path.replaceAll('/', '~1')}/${method}`
      visit(op)
      const body = resolveRefs(data, `${op}/requestBody`)
      const operation = item[method] as Record<string, unknown>
      const responses = Object.keys((operation['responses'] ?? {}) as object).map(
        (s) => `${op}/responses/${s}`,
      )
      const owners = [
        ...('error' in body || body.value === undefined ? [] : [body.pointer]),
        ...responses,
      ]
      for (const owner of owners) {
        const ownerNode = resolveRefs(data, owner)
        if ('error' in ownerNode || !isRecord(ownerNode.value)) continue
        if (owner.includes('/responses/')) visit(owner)
        for (const name of Object.keys((ownerNode.value['headers'] ?? {}) as object)) {
          visit(`${ownerNode.pointer}/headers/${name}`)
        }
        for (const [mediaType, media] of Object.entries(
          (ownerNode.value['content'] ?? {}) as Record<string, Record<string, unknown>>,
        )) {
          const mediaPointer = `${ownerNode.pointer}/content/${mediaType.replaceAll('/', '~1')}`
          visit(mediaPointer)
          for (const name of Object.keys((media['examples'] ?? {}) as object))
            visit(`${mediaPointer}/examples/${name}`)
          const schema = resolveRefs(data, `${mediaPointer}/schema`)
          if ('error' in schema || !isRecord(schema.value)) continue
          const branches = Array.isArray(schema.value['oneOf'])
            ? schema.value['oneOf'].map((_, i) => `${schema.pointer}/oneOf/${i}`)
            : [schema.pointer]
          for (const branch of branches) {
            visit(branch)
            const branchNode = resolveRefs(data, branch)
            if (
              'error' in branchNode ||
              !isRecord(branchNode.value) ||
              !isRecord(branchNode.value['properties'])
            )
              continue
            for (const property of Object.keys(branchNode.value['properties'])) {
              visit(`${branchNode.pointer}/properties/${property}`)
            }
          }
        }
      }
    }
  }
  return found
}

describe.each(bundledSpecNames())('sources in bundled spec %s', (name) => {
  const { profile, document } = loadSpec(name)
  const elements = attributable(document.data)
  const pageLength = profile.vendorPage
    ? readFileSync(join(BUNDLED_SPECS_DIR, 'vendor-docs', profile.vendorPage), 'utf8').split('\n')
        .length
    : 0

  it('marks every operation, response, media type, header, example and schema property with its source', () => {
    expect(elements.length).toBeGreaterThan(40)
    const unmarked = elements
      .filter(({ node }) => !isSource(node[SOURCE_KEY]))
      .map((e) => e.pointer)
    expect(unmarked).toEqual([])
  })

  it('cites only lines its vendor page has, and a vendor page only when it has one', () => {
    const text = document.text
    const cited = [...text.matchAll(/vendor-doc#L(\d+)(?:-L(\d+))?/g)].map(
      (m) => [Number(m[1]), Number(m[2] ?? m[1])] as const,
    )
    if (profile.vendorPage === undefined) {
      expect(cited).toEqual([])
      return
    }
    expect(cited.length).toBeGreaterThan(10)
    for (const [from, to] of cited) {
      expect(from).toBeGreaterThanOrEqual(1)
      expect(to).toBeGreaterThanOrEqual(from)
      expect(to).toBeLessThanOrEqual(pageLength)
    }
  })

  it('says whether the vendor or a standard promised each element, so both kinds occur', () => {
    const kinds = new Set(elements.map(({ node }) => parseSource(String(node[SOURCE_KEY]))?.kind))
    expect(kinds).toContain('standard')
    if (profile.vendorPage !== undefined) expect(kinds).toContain('vendor-doc')
  })
})

describe('sources', () => {
  it.each([
    ['vendor-doc#L46', { kind: 'vendor-doc', lines: { from: 46, to: 46 } }],
    ['vendor-doc#L7-L12', { kind: 'vendor-doc', lines: { from: 7, to: 12 } }],
    [
      'rfc6749#section-5.2',
      {
        kind: 'standard',
        document: 'rfc6749',
        section: '5.2',
        url: 'https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2',
      },
    ],
    ['oidc-discovery#section-3', { kind: 'standard', document: 'oidc-discovery', section: '3' }],
    ['tokencheck', { kind: 'tokencheck' }],
  ])('parses %s', (source, expected) => {
    expect(parseSource(source)).toMatchObject(expected)
  })
  it.each(['vendor', 'rfc#section-1', 'vendor-doc#46', 'RFC6749', ''])('refuses %j', (source) => {
    expect(parseSource(source)).toBeUndefined()
  })
})
