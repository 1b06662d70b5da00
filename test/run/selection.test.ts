import { describe, expect, it } from 'vitest'
import { defineCheck, pass, type Check } from '../../src/checks/check.ts'
import type { ScenarioId } from '../../src/scenarios/registry.ts'
import { pairSelected, scenariosToRun, unknownPatterns } from '../../src/run/selection.ts'

const check = (id: string, reads: ScenarioId[]): Check<string> =>
  defineCheck({
    id,
    clause: 'RFC 6749 §5.1',
    standard: 'RFC 6749',
    level: 'MUST',
    title: id,
    reads,
    judge: () => pass(),
  })

const CATALOGUE = [
  check('rfc6749.5.1.a', ['password.valid']),
  check('rfc6749.6.b', ['refresh.valid', 'refresh.reused']),
  check('rfc6750.3.c', ['resource.no-token']),
]

describe('--only and --skip', () => {
  it.each([
    [{ only: [], skip: [] }, 'rfc6749.5.1.a', 'password.valid', true],
    [{ only: ['rfc6749.5.1.a'], skip: [] }, 'rfc6749.5.1.a', 'password.valid', true],
    [{ only: ['rfc6749.5.1.a'], skip: [] }, 'rfc6749.6.b', 'refresh.valid', false],
    [{ only: ['refresh.*'], skip: [] }, 'rfc6749.6.b', 'refresh.reused', true],
    [{ only: ['refresh.*'], skip: ['refresh.reused'] }, 'rfc6749.6.b', 'refresh.reused', false],
    [{ only: [], skip: ['rfc6750.*'] }, 'rfc6750.3.c', 'resource.no-token', false],
  ])('%o selects %s on %s: %s', (selection, checkId, scenario, expected) => {
    expect(pairSelected(selection, checkId, scenario)).toBe(expected)
  })

  it('runs every scenario when nothing is filtered', () => {
    expect(scenariosToRun({ only: [], skip: [] }, CATALOGUE)).toBeUndefined()
  })

  it('runs the scenarios a selected check reads and the ones named, never a skipped one', () => {
    const named = scenariosToRun(
      { only: ['rfc6749.6.b', 'discovery.document'], skip: [] },
      CATALOGUE,
    )
    expect([...named!].sort()).toEqual(['discovery.document', 'refresh.reused', 'refresh.valid'])
    const skipping = scenariosToRun(
      { only: [], skip: ['password.repeated-wrong-password'] },
      CATALOGUE,
    )!
    expect(skipping.has('password.repeated-wrong-password')).toBe(false)
    expect(skipping.has('password.valid')).toBe(true)
  })

  it('runs what a selected check compares with, unless skipped by name', () => {
    const compares = {
      ...check('rfc6749.3.2.c', ['method.get']),
      alsoReads: ['password.valid' as const],
    }
    expect([...scenariosToRun({ only: ['method.get'], skip: [] }, [compares])!].sort()).toEqual([
      'method.get',
      'password.valid',
    ])
    expect([
      ...scenariosToRun({ only: ['method.get'], skip: ['password.valid'] }, [compares])!,
    ]).toEqual(['method.get'])
  })

  it('names the patterns that match nothing', () => {
    expect(
      unknownPatterns(
        { only: ['refresh.*', 'pasword.valid'], skip: ['rfc6749.5.1.a', 'x*'] },
        CATALOGUE,
      ),
    ).toEqual(['pasword.valid', 'x*'])
  })
})
