/**
 * One probe before the scenarios: a target that cannot be reached (connection refused, no such
 * host, TLS refused, no answer in time) is one verdict with its cause, not hundreds of checks
 * that each could not judge.
 */
import type { HttpClient } from '../http/client.ts'
import type { FailureKind } from '../http/exchange.ts'

/** Faults that say the target cannot be reached at all; a reset or a bad answer is an answer. */
const UNREACHABLE: ReadonlySet<FailureKind> = new Set(['refused', 'dns', 'tls', 'timeout'])

/**
 * Why the token endpoint cannot be reached, or undefined when it answers anything at all. The
 * probe is a `HEAD` without credentials or a body: nothing a server could count against the user.
 */
export async function unreachable(
  client: HttpClient,
  tokenUrl: string,
): Promise<string | undefined> {
  const result = await client.perform({ method: 'HEAD', url: tokenUrl, headers: [] })
  const failure = result.failure
  if (failure === undefined || !UNREACHABLE.has(failure.kind)) return undefined
  return `the target is unreachable: ${failure.message} (no scenario was sent; check --base-url or --token-url, and that the server runs)`
}
