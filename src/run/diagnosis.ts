/**
 * One diagnosis for a run whose baseline failed: when every valid password grant was refused, no
 * check that compares a variant with it can judge, and the person needs to know what the server
 * refused and how to give it what it asks for, once, before any verdict.
 */
import { bodyObject, describe, issuedToken } from '../checks/evidence.ts'
import type { Exchange } from '../http/exchange.ts'
import type { EnvNames } from './env.ts'

/** What the server said, in its own words when it gave some: `error_description`, `detail`. */
function explanation(exchange: Exchange): string {
  const body = exchange.response === undefined ? undefined : bodyObject(exchange.response)
  const words = [body?.['error_description'], body?.['detail'], body?.['message']].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  )
  return words === undefined ? '' : `: "${words.slice(0, 200)}"`
}

/**
 * The diagnosis, or undefined when the valid password grant was granted at least once, or was not
 * sent, or got no answer at all (an unreachable target is reported by the probe).
 */
export function baselineDiagnosis(
  exchanges: readonly Exchange[],
  env: EnvNames | undefined,
): string | undefined {
  const valid = exchanges.filter((exchange) => exchange.scenario === 'password.valid')
  const answered = valid.filter((exchange) => exchange.response !== undefined)
  if (answered.length === 0) return undefined
  if (answered.some((exchange) => issuedToken(exchange.response!))) return undefined
  const last = answered.at(-1)!
  const credentials =
    env === undefined
      ? 'the credentials'
      : `the credentials (${env.username}, ${env.password}, ${env['client-id']}, ${env['client-secret']})`
  return `the server refused the valid password grant (${describe(last.response!)}${explanation(last)}), so no check that compares a variant with it could judge: give the server what it asks for with --scope <value> or --param name=value (config keys "scope" and "params"), or check ${credentials}`
}
