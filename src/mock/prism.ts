/**
 * The one place that speaks to Stoplight Prism. Prism serves what a spec alone determines: every
 * operation the token authority does not own, from its examples, and any documented response on
 * request (`Prefer: code=…, example=…`, or `?__code=`). It is also the independent judge of the
 * mock's own responses in tests. Its TaskEither becomes a Promise here, once.
 */
import { createLogger } from '@stoplight/prism-core'
import { createInstance, getHttpOperationsFromSpec, type IHttpRequest } from '@stoplight/prism-http'
import { validateOutput } from '@stoplight/prism-http/dist/validator/index.js'
import { preferencesOf, type PrismRequest } from './prefer.ts'

export type { PrismRequest } from './prefer.ts'

export interface PrismResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export type PrismAnswer =
  { ok: true; response: PrismResponse } | { ok: false; status: number; message: string }

/** A spec's operations loaded into Prism: a mock of them, and a judge of responses. */
export interface Prism {
  mock(request: PrismRequest): Promise<PrismAnswer>
  /** Prism's violations of a response against the operation; empty when it conforms. */
  judge(method: string, path: string, response: PrismResponse): string[]
}

const logger = createLogger('tokencheck-mock', { level: 'silent' })

const CONFIG = {
  validateRequest: false,
  validateResponse: false,
  checkSecurity: false,
  errors: false,
  upstreamProxy: undefined,
  isProxy: false,
  mock: { dynamic: false },
} as const

const instance = createInstance(CONFIG, { logger })

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
const MEDIA_RANGE = new RegExp(
  `^\\s*(?:\\*/\\*|${TOKEN}/\\*|${TOKEN}/${TOKEN})\\s*(?:;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\]*")\\s*)*$`,
)

/**
 * The headers with only the media ranges of `Accept` that parse: Prism throws on one that does
 * not (`;;`, `*`), and RFC 9110 §12.5.1 lets a server disregard what it cannot honour.
 * @see [RFC 9110 §12.5.1](https://www.rfc-editor.org/rfc/rfc9110.html#section-12.5.1)
 */
function withReadableAccept(headers: Record<string, string>): Record<string, string> {
  const accept = headers['accept']
  if (accept === undefined) return headers
  const { accept: _, ...others } = headers
  const ranges = accept.split(',').filter((range) => MEDIA_RANGE.test(range))
  return ranges.length === 0 ? others : { ...others, accept: ranges.join(',') }
}

export async function loadPrism(specFile: string): Promise<Prism> {
  const operations = await getHttpOperationsFromSpec(specFile)
  return {
    async mock(request) {
      const preferences = preferencesOf(request)
      const ask = (headers: Record<string, string>) =>
        instance.request(
          {
            method: request.method.toLowerCase() as IHttpRequest['method'],
            url: { path: request.path, query: request.query },
            headers,
            body: request.body,
          },
          operations,
          { ...CONFIG, mock: { ...CONFIG.mock, ...preferences } },
        )()
      const asked = withReadableAccept(request.headers)
      let result = await ask(asked)
      // RFC 9110 §12.5.1: rather than a 406 the spec does not document, disregard Accept.
      if (result._tag === 'Left' && asked['accept'] !== undefined) {
        const { accept: _, ...withoutAccept } = asked
        result = await ask(withoutAccept)
      }
      if (result._tag === 'Left') {
        const error = result.left as Error & { status?: number }
        return { ok: false, status: error.status ?? 400, message: error.message }
      }
      const output = result.right.output
      const headers = Object.fromEntries(
        Object.entries(output.headers ?? {}).map(([name, value]) => [
          name.toLowerCase(),
          String(value),
        ]),
      )
      const body =
        output.body === undefined
          ? ''
          : typeof output.body === 'string'
            ? output.body
            : JSON.stringify(output.body)
      return { ok: true, response: { status: output.statusCode, headers, body } }
    },
    judge(method, path, response) {
      const operation = operations.find(
        (op) => op.method === method.toLowerCase() && op.path === path,
      )
      if (operation === undefined)
        return [`no operation ${method.toUpperCase()} ${path} in the spec`]
      const contentType = response.headers['content-type']
      const parsed =
        contentType !== undefined && /json/.test(contentType) && response.body !== ''
          ? JSON.parse(response.body)
          : response.body
      const verdict = validateOutput({
        resource: operation,
        element: { statusCode: response.status, headers: response.headers, body: parsed },
      })
      if (verdict._tag === 'Right') return []
      return (
        verdict.left
          // Errors and warnings: Prism reports an undocumented status code as a warning.
          .filter((diagnostic) => diagnostic.severity <= 1)
          .map((diagnostic) => `${diagnostic.path?.join('.') ?? ''} ${diagnostic.message}`.trim())
      )
    },
  }
}
