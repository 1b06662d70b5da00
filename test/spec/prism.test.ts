import { createLogger } from '@stoplight/prism-core'
import { createInstance, getHttpOperationsFromSpec } from '@stoplight/prism-http'
import type { IHttpRequest } from '@stoplight/prism-http'
import { describe, expect, it } from 'vitest'
import { bundledSpecNames, loadSpec } from '../../src/openapi/load.ts'
import { FORM_URLENCODED, MULTIPART_FORM_DATA } from '../../src/openapi/token-operation.ts'
import { type Profile } from '../../src/openapi/profile.ts'

const prism = createInstance(
  {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
    mock: { dynamic: false },
  },
  { logger: createLogger('tokencheck-test', { level: 'silent' }) },
)

/** A valid password-grant request of the documented media type, from the spec's own example. */
async function tokenRequest(profile: Profile): Promise<IHttpRequest> {
  const media = profile.token.requestMediaTypes.find(
    (m) => m.mediaType === profile.token.requestMediaType,
  )
  const example = media?.examples.find(
    (e) => (e.value as Record<string, string>)['grant_type'] === 'password',
  )
  const fields = { ...(example?.value as Record<string, string>) }
  const headers: Record<string, string> = {}
  if (
    profile.clientAuthentication.some((a) => a.value === 'client_secret_basic') &&
    !fields['client_secret']
  ) {
    const { clientId, clientSecret } = profile.exampleCredentials
    headers['authorization'] =
      `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
  }
  let body: string
  if (profile.token.requestMediaType === MULTIPART_FORM_DATA) {
    const form = new FormData()
    for (const [key, value] of Object.entries(fields)) form.append(key, value)
    const encoded = new Response(form)
    headers['content-type'] = encoded.headers.get('content-type') ?? ''
    body = await encoded.text()
  } else {
    headers['content-type'] = FORM_URLENCODED
    body = new URLSearchParams(fields).toString()
  }
  return { method: 'post', url: { path: profile.token.path }, headers, body }
}

describe.each(bundledSpecNames())('Prism with bundled spec %s', (name) => {
  const { profile, document } = loadSpec(name)

  it('loads every operation the Profile knows', async () => {
    const operations = await getHttpOperationsFromSpec(document.file)
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      profile.operations.map((o) => `${o.method} ${o.path}`).sort(),
    )
  })

  it("answers a valid token request of the documented media type with the token operation's documented success example", async () => {
    const operations = await getHttpOperationsFromSpec(document.file)
    const result = await prism.request(await tokenRequest(profile), operations)()
    if (result._tag === 'Left') throw result.left
    const success = profile.token.responses.find((r) => r.status === '200')
    const documented = success?.mediaTypes.find((m) => m.mediaType === 'application/json')
      ?.examples[0]
    expect(result.right.validations.input).toEqual([])
    expect(result.right.validations.output).toEqual([])
    expect(result.right.output.statusCode).toBe(200)
    expect(result.right.output.body).toEqual(documented?.value)
  })
})
