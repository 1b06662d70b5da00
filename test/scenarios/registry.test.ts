import { describe, expect, it } from 'vitest'
import {
  familyOf,
  isScenarioId,
  SCENARIO_FAMILIES,
  SCENARIO_IDS,
  SCENARIOS,
  scenarioById,
} from '../../src/scenarios/registry.ts'
import { withPrerequisites } from '../../src/scenarios/run-scenarios.ts'

describe('the scenario registry', () => {
  it('names each scenario once, as <family>.<variant>, in send order', () => {
    expect(new Set(SCENARIO_IDS).size).toBe(SCENARIOS.length)
    for (const id of SCENARIO_IDS) expect(id).toMatch(/^[a-z]+\.[a-z-]+$/)
    expect(SCENARIO_IDS.slice(0, 3)).toEqual([
      'discovery.document',
      'discovery.jwks',
      'password.valid',
    ])
    expect(SCENARIO_IDS.at(-1)).toBe('password.repeated-wrong-password')
    expect(SCENARIO_IDS.indexOf('resource.expired-token')).toBeLessThan(
      SCENARIO_IDS.indexOf('refresh.valid'),
    )
  })

  it('derives the families from the ids, in the order their first scenario is sent', () => {
    expect(SCENARIO_FAMILIES).toEqual([
      'discovery',
      'password',
      'resource',
      'client',
      'grant',
      'params',
      'body',
      'method',
      'scope',
      'refresh',
    ])
    expect(familyOf('resource.no-token')).toBe('resource')
  })

  it('finds a scenario by id and tells registered ids from others', () => {
    expect(scenarioById('refresh.reused').id).toBe('refresh.reused')
    expect(isScenarioId('refresh.reused')).toBe(true)
    expect(isScenarioId('setup')).toBe(false)
    expect(isScenarioId('refresh.reuse')).toBe(false)
  })

  it('sends password.valid with the token families, and the discovery document with the JWK Set', () => {
    expect([...withPrerequisites(new Set(['refresh.garbage']))].sort()).toEqual([
      'password.valid',
      'refresh.garbage',
    ])
    expect([...withPrerequisites(new Set(['resource.no-token']))]).toContain('password.valid')
    expect([...withPrerequisites(new Set(['discovery.jwks']))].sort()).toEqual([
      'discovery.document',
      'discovery.jwks',
    ])
    expect([...withPrerequisites(new Set(['grant.empty']))]).toEqual(['grant.empty'])
  })
})
