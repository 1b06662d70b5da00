import { describe, expect, it } from 'vitest'
import { lintSpec } from '../../src/openapi/lint.ts'
import { bundledSpecNames, resolveSpecPath } from '../../src/openapi/load.ts'
import { collectExamples } from '../../src/openapi/examples.ts'
import { readSpecDocument } from '../../src/openapi/document.ts'
import { SpecValidator } from '../../src/openapi/validator.ts'

/**
 * Spectral's `oas` ruleset (recommended rules) is the judge of OpenAPI validity: it is Stoplight's,
 * as Prism is, so both read the specs the same way, and it runs in-process. Warnings it may give,
 * each for a reason that fidelity to the vendor page outweighs:
 */
const ACCEPTED_WARNINGS: Record<string, string> = {
  'info-contact': 'no vendor page names a contact, and the spec does not invent one',
  'path-keys-no-trailing-slash': 'Wokelo documents its endpoint as `/auth/token/`, slash included',
}

describe.each(bundledSpecNames())('bundled spec %s', (name) => {
  it('has no Spectral error, no tokencheck problem, and only accepted warnings', async () => {
    const { problems } = await lintSpec(resolveSpecPath(name))
    const unexpected = problems.filter(
      (problem) => problem.severity === 'error' || !(problem.rule in ACCEPTED_WARNINGS),
    )
    expect(unexpected).toEqual([])
  })

  it('has examples that validate against their schemas (strict ajv: unknown keywords fail)', () => {
    const document = readSpecDocument(resolveSpecPath(name))
    const validator = new SpecValidator(document, { strict: true })
    const examples = collectExamples(document.data)
    expect(examples.length).toBeGreaterThan(10)
    const failures = examples.flatMap((example) =>
      validator
        .validate(example.schemaPointer, example.value)
        .map((violation) => `${example.pointer}: ${violation.message}`),
    )
    expect(failures).toEqual([])
  })
})

describe('the example validator', () => {
  it('catches an example that does not match its schema', async () => {
    const document = readSpecDocument(resolveSpecPath('wokelo'))
    const validator = new SpecValidator(document)
    const pointer = '/paths/~1auth~1token~1/post/responses/200/content/application~1json/schema'
    expect(
      validator.validate(pointer, { access_token: 'x', token_type: 'Bearer', expires_in: '3600' }),
    ).toEqual([
      { instancePath: '/expires_in', message: '"expires_in" must be integer', keyword: 'type' },
    ])
  })

  it('refuses an unknown schema keyword in strict mode', () => {
    const data = {
      openapi: '3.1.0',
      components: { schemas: { Bad: { type: 'string', requried: ['x'] } } },
    }
    const validator = new SpecValidator({ data }, { strict: true })
    expect(() => validator.validate('/components/schemas/Bad', 'x')).toThrow(
      /unknown keyword: "requried"/,
    )
  })
})
