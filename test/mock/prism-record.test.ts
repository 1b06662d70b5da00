/**
 * Prism's answers as the build records them (src/mock/prism-record.ts) stand for Prism only if
 * its answer to a recorded request depends on nothing the key leaves out. A spec of the user's own
 * has its answers recorded by the Prism thread for the next start, used only for the same text. For every bundled spec,
 * each recorded answer is compared with live Prism's answer to the same preference and `Accept`
 * sent the way an application sends it: other path values, a query, a form body, credentials.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { startMock } from '../../src/mock/index.ts'
import { loadPrism, type Prism } from '../../src/mock/prism.ts'
import {
  CACHED_RECORDS,
  cachedRecordFile,
  prismVersion,
  recordAnswers,
  recordedAnswers,
  recordIntoCache,
  recordKey,
  requestsToRecord,
  selfContained,
  type PrismRecord,
} from '../../src/mock/prism-record.ts'
import { VERSION } from '../../src/version.ts'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'

const SPECS = bundledSpecNames()

describe.each(SPECS)('the recorded Prism answers of %s', (name) => {
  const { profile, document } = loadSpec(name)
  let prism: Prism
  let answers: PrismRecord['answers']

  beforeAll(async () => {
    prism = await loadPrism(document.file)
    answers = await recordAnswers(profile.operations, prism)
  }, 60_000)

  it('cover every documented status of every operation', () => {
    for (const operation of profile.operations) {
      for (const response of operation.responses.filter((r) => /^\d{3}$/.test(r.status))) {
        const key = recordKey(operation, {
          headers: { prefer: `code=${response.status}` },
          query: {},
        })
        expect(
          answers[key!],
          `${operation.method} ${operation.path} ${response.status}`,
        ).toBeDefined()
      }
    }
  })

  it("are live Prism's answers to the same preference sent the way an application sends it", async () => {
    const differences: string[] = []
    for (const operation of profile.operations) {
      for (const recorded of requestsToRecord(operation)) {
        const key = recordKey(operation, recorded)!
        const live = await prism.mock({
          ...recorded,
          path: operation.path.replace(/\{[^}]*\}/g, 'another-value'),
          query: { state: 'abc', __code: '999' },
          headers: {
            ...recorded.headers,
            'content-type': 'application/x-www-form-urlencoded',
            authorization: 'Basic Y2xpZW50OnNlY3JldA==',
            origin: 'http://localhost:5173',
          },
          body: 'grant_type=password&username=alice&password=p%40ss',
        })
        if (JSON.stringify(live) !== JSON.stringify(answers[key]))
          differences.push(
            `${key}: recorded ${JSON.stringify(answers[key])}, live ${JSON.stringify(live)}`,
          )
      }
    }
    expect(differences).toEqual([])
  }, 60_000)
})

describe('a recorded answer', () => {
  const operation = { method: 'post', path: '/token' } as const

  it('is keyed by the preference, whether from Prefer or from the query', () => {
    const fromHeader = recordKey(operation, { headers: { prefer: 'code=401' }, query: {} })
    const fromQuery = recordKey(operation, { headers: {}, query: { __code: '401' } })
    expect(fromHeader).toBeDefined()
    expect(fromQuery).toBe(fromHeader)
  })

  it('is keyed by Accept too', () => {
    const json = recordKey(operation, {
      headers: { prefer: 'code=401', accept: 'application/json' },
      query: {},
    })
    const any = recordKey(operation, { headers: { prefer: 'code=401' }, query: {} })
    expect(json).not.toBe(any)
  })

  it('is never given for generated values or for a request that prefers nothing', () => {
    expect(
      recordKey(operation, { headers: { prefer: 'code=401, dynamic=true' }, query: {} }),
    ).toBeUndefined()
    expect(recordKey(operation, { headers: {}, query: {} })).toBeUndefined()
  })
})

describe("a spec of the user's own", () => {
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokencheck-own-spec-'))
    const file = join(dir, 'my-api.yaml')
    copyFileSync(loadSpec('wokelo').document.file, file)
    return { file, cache: join(dir, 'cache') }
  }

  it('has its answers recorded once Prism has loaded, and the next start gives them at once', async () => {
    const { file, cache } = copy()
    const first = await startMock({ spec: file, cacheDir: cache, preloadPrism: true })
    const { document, profile } = loadSpec(file)
    const recordFile = cachedRecordFile(cache, document.hash)
    try {
      await expect.poll(() => existsSync(recordFile), { timeout: 30_000 }).toBe(true)
      expect(statSync(recordFile).mode & 0o777).toBe(0o600)
    } finally {
      await first.close()
    }
    const lines: string[] = []
    const second = await startMock({ spec: file, cacheDir: cache, log: (line) => lines.push(line) })
    try {
      const ask = () =>
        fetch(`${second.url}${profile.token.path}`, {
          method: 'POST',
          headers: { prefer: 'code=401', 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=password',
        }).then(async (response) => ({ status: response.status, body: await response.text() }))
      const recorded = await ask()
      expect(recorded.status).toBe(401)
      expect(lines.at(-1)).toContain('prism 401 (recorded)')
      await second.prism()
      await expect.poll(() => second.prismState()).toBe('ready')
      expect(await ask()).toEqual(recorded)
      expect(lines.at(-1)).not.toContain('(recorded)')
    } finally {
      await second.close()
    }
  }, 60_000)

  it('is not answered from a record made from other text, by another tokencheck or another Prism', () => {
    const { file, cache } = copy()
    const { document } = loadSpec(file)
    const recordFile = cachedRecordFile(cache, document.hash)
    mkdirSync(dirname(recordFile), { recursive: true })
    const write = (origin: Record<string, string>) =>
      writeFileSync(recordFile, JSON.stringify({ ...origin, answers: {} }))
    const own = { sha256: document.hash, prism: prismVersion(), tokencheck: VERSION }
    write(own)
    expect(recordedAnswers(file, document.hash, cache)).toBeDefined()
    write({ ...own, sha256: 'another' })
    expect(recordedAnswers(file, document.hash, cache)).toBeUndefined()
    write({ ...own, tokencheck: '0.0.0-other' })
    expect(recordedAnswers(file, document.hash, cache)).toBeUndefined()
    write({ ...own, prism: '0.0.0-other' })
    expect(recordedAnswers(file, document.hash, cache)).toBeUndefined()
    writeFileSync(recordFile, 'not json')
    expect(recordedAnswers(file, document.hash, cache)).toBeUndefined()
  })

  it('is recorded only when it refers to no other file: those may change while it does not', () => {
    expect(selfContained({ a: { $ref: '#/components/schemas/x' } })).toBe(true)
    expect(selfContained({ a: [{ b: { $ref: './schemas.yaml#/x' } }] })).toBe(false)
    expect(selfContained({ a: { $ref: 'https://example.org/s.json' } })).toBe(false)
  })
})

describe('the cache folder', () => {
  it(`keeps the ${CACHED_RECORDS} most recent records, the new one among them`, async () => {
    const cache = mkdtempSync(join(tmpdir(), 'tokencheck-records-'))
    const folder = dirname(cachedRecordFile(cache, 'x'))
    mkdirSync(folder, { recursive: true })
    const old = Date.now() / 1000 - 3600
    for (let i = 0; i < CACHED_RECORDS + 5; i++) {
      const file = join(folder, `old-${i}.json`)
      writeFileSync(file, '{}')
      utimesSync(file, old + i, old + i)
    }
    const origin = { sha256: 'new', prism: prismVersion(), tokencheck: VERSION }
    const file = cachedRecordFile(cache, 'new')
    await recordIntoCache(file, origin, [], { mock: () => Promise.reject(new Error('unused')) })
    const kept = readdirSync(folder).sort()
    expect(kept).toHaveLength(CACHED_RECORDS)
    expect(kept).toContain('new.json')
    // The oldest went first.
    expect(kept).not.toContain('old-0.json')
    expect(kept).toContain(`old-${CACHED_RECORDS + 4}.json`)
  })
})
