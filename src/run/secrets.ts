import type { KnownSecrets } from '../report/leak-guard.ts'
import type { RunPlan } from './plan.ts'

/**
 * The secrets a real target's run reads from the environment, so that no report holding one is
 * written (redaction happens when exchanges are recorded; this is the second lock).
 */
export function secretsOf(plan: RunPlan, env: NodeJS.ProcessEnv = process.env): KnownSecrets {
  const values = new Set<string>()
  const clients: { id: string; secret: string }[] = []
  for (const target of plan.targets) {
    if (target.kind !== 'real') continue
    const read = (key: keyof typeof target.env) => env[target.env[key]]
    for (const key of [
      'password',
      'client-secret',
      'client2-secret',
      'special-password',
      'special-client-secret',
    ] as const) {
      const value = read(key)
      if (value !== undefined && value !== '') values.add(value)
    }
    for (const [id, secret] of [
      ['client-id', 'client-secret'],
      ['client2-id', 'client2-secret'],
      ['special-client-id', 'special-client-secret'],
    ] as const) {
      const pair = { id: read(id), secret: read(secret) }
      if (pair.id !== undefined && pair.secret !== undefined)
        clients.push({ id: pair.id, secret: pair.secret })
    }
  }
  return { values: [...values], clients }
}
