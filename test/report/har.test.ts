import { createRequire } from 'node:module'
import Ajv from 'ajv'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { toHar } from '../../src/report/har.ts'
import { fixtureReport } from './fixtures/target-report.ts'

const require = createRequire(import.meta.url)
const addFormats = addFormatsModule.default

/** har-schema's HAR 1.2 schemas (JSON Schema draft-06), each registered under its own `$id`. */
function harValidator() {
  const ajv = new Ajv.default({ allErrors: true, strict: false })
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'))
  addFormats(ajv)
  const schemas = require('har-schema') as Record<string, object>
  for (const schema of Object.values(schemas)) ajv.addSchema(schema)
  return ajv.getSchema('har.json#')!
}

const validate = harValidator()

describe('toHar', () => {
  const text = toHar(fixtureReport)
  const har = JSON.parse(text)

  it('matches its snapshot', async () => {
    await expect(text).toMatchFileSnapshot('__snapshots__/transcripts.har')
  })

  it('is valid HAR 1.2 (har-schema)', () => {
    const valid = validate(har)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('the HAR schema can fail: an entry without a start, a header without a value', () => {
    const broken = structuredClone(har)
    delete broken.log.entries[0].startedDateTime
    delete broken.log.entries[1].request.headers[0].value
    expect(validate(broken)).toBe(false)
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual(
      expect.arrayContaining([
        "/log/entries/0 must have required property 'startedDateTime'",
        "/log/entries/1/request/headers/0 must have required property 'value'",
      ]),
    )
  })

  it('has every exchange, in order, with its id and scenario', () => {
    expect(har.log.version).toBe('1.2')
    expect(har.log.entries.map((e: { comment: string }) => e.comment)).toEqual([
      'password.valid#1 (client_secret_basic)',
      'password.wrong-password#1',
      'grant.unsupported#1',
      'refresh.valid#1',
      'resource.no-token#1',
    ])
  })

  it('keeps headers in order with repeats, the redacted body, and the query string', () => {
    const [token, , , , resource] = har.log.entries
    expect(token.request.headers).toContainEqual({
      name: 'authorization',
      value: 'Basic [redacted]',
    })
    expect(token.request.postData).toEqual({
      mimeType: 'application/x-www-form-urlencoded',
      text: 'grant_type=password&username=sam%40acme.invalid&password=%5Bredacted%5D&scope=read+write',
    })
    expect(
      token.response.headers.filter((h: { name: string }) => h.name === 'x-request-id'),
    ).toEqual([
      { name: 'x-request-id', value: 'r-1' },
      { name: 'x-request-id', value: 'r-1-again' },
    ])
    expect(token.response.content.mimeType).toBe('application/json')
    expect(resource.request.queryString).toEqual([
      { name: 'view', value: 'full' },
      { name: 'lang', value: 'en' },
    ])
    expect(resource.request.postData).toBeUndefined()
  })

  it('records a timeout as status 0 with the reason, the time spent waiting', () => {
    const timeout = har.log.entries[3]
    expect(timeout.response.status).toBe(0)
    expect(timeout.response._error).toBe('timeout: no response within 10 s')
    expect(timeout.time).toBe(10_003)
    expect(timeout.timings.wait).toBe(10_003)
  })

  it('times add up: send + wait + receive is the entry time', () => {
    for (const entry of har.log.entries) {
      expect(entry.timings.send + entry.timings.wait + entry.timings.receive).toBe(entry.time)
    }
  })

  it('writes each URL as an RFC 3986 URI, as HAR requires, the query string decoded beside it', () => {
    const url = 'https://idp.acme.invalid/r?access_token=[redacted]&a=|%zz&b=%5B#f#g'
    const report = {
      ...fixtureReport,
      exchanges: [
        {
          ...fixtureReport.exchanges[0]!,
          request: { ...fixtureReport.exchanges[0]!.request, url },
        },
      ],
    }
    const entry = JSON.parse(toHar(report)).log.entries[0]
    expect(entry.request.url).toBe(
      'https://idp.acme.invalid/r?access_token=%5Bredacted%5D&a=%7C%25zz&b=%5B#f%23g',
    )
    expect(entry.request.queryString).toContainEqual({ name: 'access_token', value: '[redacted]' })
    expect(validate(JSON.parse(toHar(report)))).toBe(true)
  })
})
