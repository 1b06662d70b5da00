import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runChecks } from '../../src/library.ts'
import { startMock } from '../../src/mock/index.ts'
import { lintSpec } from '../../src/openapi/lint.ts'
import { loadSpec, localSpecPath } from '../../src/openapi/load.ts'
import { upgradeSchema, upgradeTo31 } from '../../src/openapi/upgrade.ts'
import { httpsServer, TLS_CERT, type Running } from '../support/servers.ts'

const FIXTURE = new URL('../fixtures/openapi30/rfc6749-password-3.0.yaml', import.meta.url).pathname
const fixtureText = readFileSync(FIXTURE, 'utf8')

describe('upgradeSchema: OpenAPI 3.0 Schema Objects as 3.1', () => {
  it.each([
    ['nullable type', { type: 'string', nullable: true }, { type: ['string', 'null'] }],
    ['nullable false', { type: 'string', nullable: false }, { type: 'string' }],
    [
      'nullable enum',
      { type: 'string', enum: ['a'], nullable: true },
      { type: ['string', 'null'], enum: ['a', null] },
    ],
    [
      'nullable without a type',
      { allOf: [{ $ref: '#/x' }], nullable: true },
      { anyOf: [{ allOf: [{ $ref: '#/x' }] }, { type: 'null' }] },
    ],
    [
      'exclusiveMinimum true',
      { type: 'integer', minimum: 0, exclusiveMinimum: true },
      { type: 'integer', exclusiveMinimum: 0 },
    ],
    [
      'exclusiveMaximum false',
      { type: 'integer', maximum: 9, exclusiveMaximum: false },
      { type: 'integer', maximum: 9 },
    ],
    ['example', { type: 'string', example: 'x' }, { type: 'string', examples: ['x'] }],
    [
      'nested properties and items',
      {
        type: 'object',
        properties: { a: { type: 'array', items: { type: 'integer', nullable: true } } },
      },
      {
        type: 'object',
        properties: { a: { type: 'array', items: { type: ['integer', 'null'] } } },
      },
    ],
  ])('%s', (_, before, after) => {
    const schema = structuredClone(before) as Record<string, unknown>
    upgradeSchema(schema)
    expect(schema).toEqual(after)
  })

  it('converts every place a schema stands, and leaves the input as it was', () => {
    const doc = {
      openapi: '3.0.3',
      paths: {
        '/t': {
          post: {
            parameters: [{ name: 'q', in: 'query', schema: { type: 'string', nullable: true } }],
            responses: {
              '200': {
                content: { 'application/json': { schema: { type: 'string', example: 'x' } } },
              },
            },
          },
        },
      },
    }
    const copy = structuredClone(doc)
    const upgraded = upgradeTo31(doc) as typeof doc & Record<string, never>
    expect(doc).toEqual(copy)
    expect(upgraded.openapi).toBe('3.1.0')
    expect(upgraded.paths['/t'].post.parameters[0]!.schema).toEqual({ type: ['string', 'null'] })
    expect(upgraded.paths['/t'].post.responses['200'].content['application/json'].schema).toEqual({
      type: 'string',
      examples: ['x'],
    })
  })
})

describe('an OpenAPI 3.0 spec', () => {
  it('loads as 3.1, converted, and lints clean', async () => {
    const { document, profile } = loadSpec(FIXTURE)
    expect(document.convertedFrom).toBe('3.0.3')
    expect(profile.name).toBe('rfc6749-password-3-0')
    const { problems } = await lintSpec(FIXTURE)
    expect(problems.filter((p) => p.severity === 'error')).toEqual([])
  })

  it("points a problem at the user's own line", async () => {
    // expires_in is `exclusiveMinimum: true` above 0 in the 3.0 file: 0 breaks it.
    const broken = fixtureText.replace('expires_in: 3600', 'expires_in: 0')
    const line = broken.split('\n').findIndex((l) => l.includes('expires_in: 0')) + 1
    const dir = mkdtempSync(join(tmpdir(), 'tokencheck-oas30-'))
    try {
      const file = join(dir, 'broken.yaml')
      writeFileSync(file, broken)
      const { problems } = await lintSpec(file)
      const problem = problems.find((p) => p.pointer.endsWith('/expires_in'))
      expect(problem, JSON.stringify(problems, null, 1)).toMatchObject({
        severity: 'error',
        line,
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('mocks: a token from its token endpoint', async () => {
    const mock = await startMock({ spec: FIXTURE })
    try {
      const { username, password, clientId, clientSecret } = mock.credentials
      const response = await fetch(`${mock.url}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'password', username, password }),
      })
      expect(response.status).toBe(200)
      const body = (await response.json()) as Record<string, unknown>
      expect(body['access_token']).toEqual(expect.stringMatching(/^ey/))
    } finally {
      await mock.close()
    }
  })

  it('runs: the checks pass against its own mock', { timeout: 120_000 }, async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'tokencheck-oas30-run-'))
    try {
      const summary = await runChecks({ spec: FIXTURE, reportDir, only: ['password.*'] })
      expect(summary.reports[0]?.error).toBeUndefined()
      expect(summary.reports).toHaveLength(1)
      const report = summary.reports[0]!
      expect(report.spec.name).toBe('rfc6749-password-3-0')
      expect(report.totals.all.pass).toBeGreaterThan(0)
      expect(report.totals.all.fail).toBe(0)
      expect(summary.failed).toBe(false)
    } finally {
      rmSync(reportDir, { recursive: true, force: true })
    }
  })
})

describe('a spec URL', () => {
  let server: Running
  beforeAll(async () => {
    server = await httpsServer((req, res) => {
      if (req.url === '/openapi.yaml') res.writeHead(200, { 'content-type': 'application/yaml' })
      else res.writeHead(404)
      res.end(req.url === '/openapi.yaml' ? fixtureText : 'not here')
    })
  })
  afterAll(() => server.close())

  it('is downloaded and loaded, and messages name the URL', async () => {
    const file = await localSpecPath(`${server.url}/openapi.yaml`, TLS_CERT)
    const { document, profile } = loadSpec(file)
    expect(profile.name).toBe('rfc6749-password-3-0')
    expect(document.displayPath).toBe(`${server.url}/openapi.yaml`)
  })

  it.each([
    ['a status other than 200', '/missing.yaml', TLS_CERT, 'expected status 200, got 404'],
    ['an untrusted certificate', '/openapi.yaml', undefined, 'SELF_SIGNED'],
  ])('says why it cannot: %s', async (_, path, ca, message) => {
    await expect(localSpecPath(`${server.url}${path}`, ca)).rejects.toMatchObject({
      code: 'ERR_SPEC_NOT_FOUND',
      message: expect.stringContaining(message),
    })
  })

  it('refuses plain http:// to another host before connecting', async () => {
    await expect(localSpecPath('http://api.example.com/openapi.yaml')).rejects.toMatchObject({
      message: expect.stringContaining('plain http:// is refused'),
    })
  })
})
