import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Exchange } from '../../src/http/exchange.ts'
import { encodingsOf, leaksIn, type KnownSecrets } from '../../src/report/leak-guard.ts'
import type { TargetReport } from '../../src/report/model.ts'
import {
  renderReports,
  REPORT_FILES,
  writeReports,
  type ReportFormat,
} from '../../src/report/write.ts'
import { fixtureReport } from './fixtures/target-report.ts'

/** Canary credentials: characters that change under URL, form, JSON, HTML and Markdown encoding. */
const CANARY = {
  password: 'Cänary pass+word&=/:%',
  clientSecret: 'Canary:client/sëcret+&=%"<>',
  accessToken: 'eyJjYW5hcnkiOiJhY2Nlc3MifQ.Canary-access-token_Ω',
  refreshToken: 'Canary+refresh/token==',
} as const
const CLIENT_ID = 'canary-client'
const USERNAME = 'sam@acme.invalid'

const secrets: KnownSecrets = {
  values: Object.values(CANARY),
  clients: [{ id: CLIENT_ID, secret: CANARY.clientSecret }],
}

/** An exchange made with the canaries, as the HTTP layer records it: redacted. */
const tokenExchange: Exchange = {
  id: 'password.valid#1',
  scenario: 'password.valid',
  label: 'client_secret_basic',
  startedAt: '2026-03-01T09:00:00.000Z',
  durationMs: 40,
  request: {
    method: 'POST',
    url: 'https://idp.acme.invalid/oauth/token?client_secret=%5Bredacted%5D',
    headers: [
      ['content-type', 'application/x-www-form-urlencoded'],
      ['authorization', 'Basic [redacted]'],
    ],
    body: `grant_type=password&username=${encodeURIComponent(USERNAME)}&password=%5Bredacted%5D`,
  },
  response: {
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'application/json']],
    body: '{"access_token":"[redacted]","token_type":"Bearer","refresh_token":"[redacted]"}',
    bytes: 80,
    truncated: false,
    json: { access_token: '[redacted]', token_type: 'Bearer', refresh_token: '[redacted]' },
    tokens: [
      {
        field: 'access_token',
        length: CANARY.accessToken.length,
        fingerprint: '0123456789abcdef',
        vschar: false,
        alphabet: 'other',
        jwt: {
          header: { alg: 'RS256', typ: 'at+jwt' },
          claims: { sub: USERNAME, client_id: CLIENT_ID, iat: 1772355600, exp: 1772359200 },
          signatureBytes: 256,
        },
      },
    ],
  },
}

const canaryReport: TargetReport = {
  ...fixtureReport,
  exchanges: [...fixtureReport.exchanges.filter((e) => e.id !== tokenExchange.id), tokenExchange],
}

const FORMATS = Object.keys(REPORT_FILES) as ReportFormat[]

describe('no secret in any report, in any encoding', () => {
  const rendered = renderReports(canaryReport)

  it.each(FORMATS)('%s holds no canary', (format) => {
    expect(leaksIn(rendered[format], secrets)).toEqual([])
  })

  it('searches each canary in many distinct forms', () => {
    for (const canary of Object.values(CANARY)) {
      expect(new Set(Object.values(encodingsOf(canary))).size, canary).toBeGreaterThanOrEqual(4)
    }
    const forms = encodingsOf(CANARY.password)
    expect(forms['percent-encoded']).toBe('C%C3%A4nary%20pass%2Bword%26%3D%2F%3A%25')
    expect(forms['form-encoded']).toBe('C%C3%A4nary+pass%2Bword%26%3D%2F%3A%25')
    expect(forms['HTML-escaped']).toBe('Cänary pass+word&amp;=/:%')
    expect(forms['JSON-escaped with \\u escapes']).toBe('C\\u00e4nary pass+word&=/:%')
  })

  describe('the search finds a secret that slipped through redaction (the tests can fail)', () => {
    const leaked: TargetReport = {
      ...canaryReport,
      exchanges: canaryReport.exchanges.map((e) =>
        e.id === 'password.wrong-password#1'
          ? {
              ...e,
              response: {
                ...e.response!,
                body: JSON.stringify({
                  error: 'invalid_grant',
                  error_description: `wrong: ${CANARY.password}`,
                }),
                json: { error: 'invalid_grant', error_description: `wrong: ${CANARY.password}` },
              },
            }
          : e,
      ),
      results: canaryReport.results.map((r) =>
        r.outcome === 'fail'
          ? { ...r, message: `expected no secret, got \`${CANARY.password}\`` }
          : r,
      ),
    }
    const leakedRendered = renderReports(leaked)

    it.each([
      ['json', 'JSON-escaped'],
      ['junit', 'XML-escaped'],
      ['html', 'HTML-escaped'],
      ['markdown', 'Markdown-escaped'],
      ['har', 'JSON-escaped'],
    ] as const)('in %s, %s', (format, encoding) => {
      expect(leaksIn(leakedRendered[format], secrets)).toContain(`secret #1 (${encoding})`)
    })

    it.each([
      [
        'HTTP Basic (raw pair)',
        `Basic ${Buffer.from(`${CLIENT_ID}:${CANARY.clientSecret}`).toString('base64')}`,
      ],
      [
        'HTTP Basic (form-encoded pair)',
        `Basic ${Buffer.from(`${CLIENT_ID}:${new URLSearchParams({ v: CANARY.clientSecret }).toString().slice(2)}`).toString('base64')}`,
      ],
    ])('an Authorization header left whole: %s', (encoding, value) => {
      expect(leaksIn(`authorization: ${value}`, secrets)).toContain(`client #1 (${encoding})`)
    })

    it.each([
      ['percent-encoded', encodeURIComponent(CANARY.password)],
      ['form-encoded', new URLSearchParams({ p: CANARY.password }).toString().slice(2)],
      ['base64', Buffer.from(CANARY.refreshToken).toString('base64')],
      [
        'JSON-escaped with \\u escapes',
        '\\u0045\\u0000'.replace(
          /.*/,
          JSON.stringify(CANARY.accessToken).slice(1, -1).replace('Ω', '\\u03a9'),
        ),
      ],
    ])('%s', (encoding, text) => {
      expect(leaksIn(`body: ${text}`, secrets)).toEqual(
        expect.arrayContaining([expect.stringContaining(`(${encoding})`)]),
      )
    })

    const root = mkdtempSync(join(tmpdir(), 'tokencheck-secrets-'))
    afterAll(() => rmSync(root, { recursive: true, force: true }))

    it('writeReports refuses to write it, and its message names where, never the secret', () => {
      let message = ''
      try {
        writeReports(leaked, root, { secrets })
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toContain('a secret escaped redaction, so no report of acme was written')
      expect(message).toContain('report.html: secret #1 (HTML-escaped)')
      expect(leaksIn(message, secrets)).toEqual([])
      expect(readdirSync(root)).toEqual([])
    })

    it('and writes the redacted report', () => {
      const written = writeReports(canaryReport, root, { secrets })
      expect(readdirSync(written.dir).sort()).toEqual(Object.values(REPORT_FILES).sort())
    })
  })
})
