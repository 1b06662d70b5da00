import { header } from '../http/exchange.ts'
import { defineCheck, fail, pass, skip, type Check } from './check.ts'

// Stand-ins until the check catalogue lands: two trivial checks the engine's tests run. The
// catalogue replaces this file and keeps its export: `catalogue: readonly Check[]`.

/** @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1) */
const cacheControlNoStore = defineCheck({
  id: 'rfc6749.5.1.cache-control-no-store',
  clause: 'RFC 6749 §5.1',
  standard: 'RFC 6749',
  level: 'MUST',
  title: 'the token response forbids caching',
  reads: ['password.valid'],
  judge({ exchange }) {
    if (exchange.response === undefined) {
      return skip(`no response: ${exchange.failure?.message ?? 'none recorded'}`)
    }
    const value = header(exchange.response.headers, 'cache-control')
    if (value === undefined)
      return fail('expected "Cache-Control: no-store", got no Cache-Control header')
    if (!/(^|,)\s*no-store\s*(,|$)/i.test(value)) {
      return fail(`expected "Cache-Control: no-store", got \`${value}\``)
    }
    return pass()
  },
})

/** @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2) */
const wrongPasswordInvalidGrant = defineCheck({
  id: 'rfc6749.5.2.wrong-password-invalid-grant',
  clause: 'RFC 6749 §5.2',
  standard: 'RFC 6749',
  level: 'SHOULD',
  title: 'a wrong password is answered with `invalid_grant`',
  reads: ['password.wrong-password', 'password.unknown-user'],
  judge({ exchange }) {
    const error = (exchange.response?.json as { error?: unknown } | undefined)?.error
    if (error === 'invalid_grant') return pass()
    return fail(`expected "error" \`invalid_grant\`, got \`${String(error)}\``)
  },
})

/** Every check, in report order. */
export const catalogue: readonly Check[] = [cacheControlNoStore, wrongPasswordInvalidGrant]
