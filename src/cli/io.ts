/** Exit codes: 0 all well, 1 a finding (a failed MUST, a spec problem), 2 a usage or input error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const
