/**
 * Hand-built exchanges for the checks' unit tests: a response is what the test says, the rest are
 * plain defaults.
 */
import { createHash } from 'node:crypto'
import type { Check, JudgeInput, Verdict } from '../../src/checks/check.ts'
import type { Exchange, HeaderList, TokenFacts } from '../../src/http/exchange.ts'
import { loadProfile } from '../../src/openapi/load.ts'
import type { Profile } from '../../src/openapi/profile.ts'

export interface ExchangeSpec {
  scenario?: string
  label?: string
  status?: number
  headers?: Record<string, string | string[]>
  /** The body as JSON; also the text unless `body` is given. */
  json?: unknown
  body?: string
  /** Why the body did not parse, as the recorder says it for a JSON media type. */
  jsonError?: string
  tokens?: TokenFacts[]
  durationMs?: number
  request?: {
    method?: string
    url?: string
    headers?: Record<string, string>
    body?: string
  }
}

function headerList(headers: Record<string, string | string[]>): HeaderList {
  // An empty value leaves the header out: `{ 'content-type': '' }` sends none.
  return Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value])
      .filter((v) => v !== '')
      .map((v) => [name.toLowerCase(), v] as const),
  )
}

let counter = 0

export function exchange(spec: ExchangeSpec = {}): Exchange {
  counter++
  const scenario = spec.scenario ?? 'password.valid'
  const body = spec.body ?? (spec.json === undefined ? '' : JSON.stringify(spec.json))
  let json: unknown = spec.json
  if (json === undefined && spec.body !== undefined) {
    try {
      json = JSON.parse(spec.body)
    } catch {
      json = undefined
    }
  }
  const contentType: Record<string, string> =
    spec.json === undefined && spec.body === undefined ? {} : { 'content-type': 'application/json' }
  return {
    id: `${scenario}#${counter}`,
    scenario,
    ...(spec.label === undefined ? {} : { label: spec.label }),
    request: {
      method: spec.request?.method ?? 'POST',
      url: spec.request?.url ?? 'https://as.example/token',
      headers: headerList({
        'content-type': 'application/x-www-form-urlencoded',
        ...spec.request?.headers,
      }),
      body: spec.request?.body ?? 'grant_type=password&username=alice&password=%5Bredacted%5D',
    },
    response: {
      status: spec.status ?? 200,
      statusText: '',
      headers: headerList({ ...contentType, ...spec.headers }),
      body,
      bytes: body.length,
      truncated: false,
      ...(json === undefined ? {} : { json }),
      ...(spec.jsonError === undefined ? {} : { jsonError: spec.jsonError }),
      tokens: spec.tokens ?? [],
    },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: spec.durationMs ?? 5,
  }
}

/** An exchange that got no response. */
export function failedExchange(scenario: string): Exchange {
  return {
    id: `${scenario}#x`,
    scenario,
    request: { method: 'POST', url: 'https://as.example/token', headers: [] },
    failure: { kind: 'timeout', message: 'no response within 10 s' },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10_000,
  }
}

export function token(field: string, facts: Partial<TokenFacts> = {}): TokenFacts {
  return {
    field,
    length: 43,
    fingerprint: createHash('sha256').update(`${field}${counter++}`).digest('hex').slice(0, 16),
    vschar: true,
    alphabet: 'base64url',
    ...facts,
  }
}

export function jwtToken(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'at+jwt', kid: 'k1' },
  signatureBytes = 256,
): TokenFacts {
  return token('access_token', {
    length: 600,
    alphabet: 'vschar',
    jwt: { header, claims, signatureBytes },
  })
}

/** A conformant token response body and headers. */
export function tokenResponse(
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): ExchangeSpec {
  return {
    status: 200,
    json: { access_token: '[redacted]', token_type: 'Bearer', expires_in: 3600, ...body },
    headers: { 'cache-control': 'no-store', pragma: 'no-cache', ...headers },
    tokens: [token('access_token')],
  }
}

const profiles = new Map<string, Profile>()

export function profile(name = 'rfc6749-password'): Profile {
  let loaded = profiles.get(name)
  if (loaded === undefined) {
    loaded = loadProfile(name)
    profiles.set(name, loaded)
  }
  return loaded
}

/** Runs a check's judge over exchanges, as the runner would. */
export function judge(
  check: Check,
  exchanges: Exchange | readonly Exchange[],
  options: { profile?: Profile | string; related?: JudgeInput['related'] } = {},
): Verdict {
  const list = Array.isArray(exchanges)
    ? (exchanges as readonly Exchange[])
    : [exchanges as Exchange]
  const first = list[0]
  if (first === undefined) throw new Error('no exchange')
  const p =
    typeof options.profile === 'string' || options.profile === undefined
      ? profile(options.profile)
      : options.profile
  return check.judge({
    exchange: first,
    exchanges: list,
    profile: p,
    ...(options.related === undefined ? {} : { related: options.related }),
  })
}

/**
 * What the refusal checks compare with (`alsoReads`): a password grant that issued a token and a
 * resource that accepted it, so a refusal means something.
 */
export function workingBaselines(): NonNullable<JudgeInput['related']> {
  return {
    'password.valid': [exchange(tokenResponse())],
    'password.special-characters': [
      exchange({ ...tokenResponse(), scenario: 'password.special-characters' }),
    ],
    'resource.valid-token': [exchange({ scenario: 'resource.valid-token', status: 200, json: {} })],
    'resource.token-in-query': [
      exchange({ scenario: 'resource.token-in-query', status: 200, json: {} }),
    ],
  }
}

/** A JSON media type over a body that is not JSON: a token response written with single quotes. */
export function invalidJson(status: number, text: string): ExchangeSpec {
  return {
    status,
    body: text.replaceAll('"', "'"),
    jsonError: "Expected property name or '}' in JSON at position 1",
    headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
  }
}
