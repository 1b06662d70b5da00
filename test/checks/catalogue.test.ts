import { describe, expect, it } from 'vitest'
import { LEVELS, STANDARDS, type Standard } from '../../src/checks/check.ts'
import { catalogue, checkById, CHECK_IDS, isCheckId } from '../../src/checks/index.ts'
import { SETUP } from '../../src/scenarios/grants.ts'
import { SCENARIO_IDS } from '../../src/scenarios/registry.ts'
import { bundledSpecNames, loadProfile } from '../../src/openapi/load.ts'
import {
  conformantVariant,
  FAULT_IDS,
  FAULTS,
  knownBad,
  knownBadScenario,
  specFor,
} from '../fixtures/faults.ts'

const ID =
  /^(?:spec\.[a-z0-9]+(?:-[a-z0-9]+)*|(?:rfc\d{4}|oidc-discovery)\.(?:[A-Z]|\d+)(?:\.\d+)*\.[a-z0-9]+(?:-[a-z0-9]+)*)$/

const SOURCE_STANDARD: Record<string, Standard> = {
  rfc6749: 'RFC 6749',
  rfc6750: 'RFC 6750',
  rfc9457: 'RFC 9457',
  rfc9068: 'RFC 9068',
  rfc9700: 'RFC 9700',
  'oidc-discovery': 'OIDC Discovery',
  spec: 'vendor spec',
}

describe('the check catalogue', () => {
  it('has at least 50 checks, each id once', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(50)
    const repeated = CHECK_IDS.filter((id, index) => CHECK_IDS.indexOf(id) !== index)
    expect(repeated).toEqual([])
  })

  describe.each(catalogue.map((check) => [check.id, check] as const))('%s', (id, check) => {
    it('has a well-formed id whose source is its standard and whose section its clause cites', () => {
      expect(id).toMatch(ID)
      const [source = '', ...rest] = id.split('.')
      expect(check.standard).toBe(SOURCE_STANDARD[source])
      if (source !== 'spec') {
        const section = rest.slice(0, -1).join('.')
        const cited = /^[A-Z]/.test(section) ? `Appendix ${section}` : `§${section}`
        expect(check.clause).toContain(cited)
      }
    })

    it('has a clause, a level, a standard and a title', () => {
      expect(check.clause.trim()).not.toBe('')
      expect(check.title.trim()).not.toBe('')
      expect(LEVELS).toContain(check.level)
      expect(STANDARDS).toContain(check.standard)
    })

    it('reads scenarios that exist', () => {
      expect(check.reads.length).toBeGreaterThan(0)
      for (const scenario of [...check.reads, ...(check.alsoReads ?? [])]) {
        // `setup`: the grants other scenarios obtain, judged once under that name.
        expect([...SCENARIO_IDS, SETUP]).toContain(scenario)
      }
    })

    it('has a known-bad fault', () => {
      expect(isCheckId(id)).toBe(true)
      if (!isCheckId(id)) return
      expect(FAULT_IDS).toContain(knownBad[id])
    })
  })

  it('uses every fault of the fixture server', () => {
    const used = new Set([...Object.values(knownBad), ...Object.values(knownBadScenario)])
    expect(FAULT_IDS.filter((fault) => !used.has(fault))).toEqual([])
    expect(Object.keys(FAULTS).length).toBe(FAULT_IDS.length)
  })

  it('names only checks of the catalogue in its fixture tables', () => {
    for (const id of [...Object.keys(specFor), ...Object.keys(conformantVariant)]) {
      expect(checkById(id)?.id).toBe(id)
    }
  })

  it.each(bundledSpecNames())('defines every check %s documents a deviation from', (name) => {
    for (const deviation of loadProfile(name).deviations) {
      expect(checkById(deviation.check)?.id, `${name} deviates from ${deviation.check}`).toBe(
        deviation.check,
      )
    }
  })

  it('defines the two ids auth-login’s deviations name', () => {
    expect(checkById('rfc6749.5.2.error-media-type')?.level).toBe('MUST')
    expect(checkById('rfc6749.5.2.error-code')?.level).toBe('MUST')
  })
})
