/**
 * What a run reports while it goes, per target, for a console to show: the engine never prints.
 * Times are milliseconds since the epoch.
 */
export type Progress =
  | { target: string; kind: 'scenario'; scenario: string; position: number; of: number }
  | { target: string; kind: 'waiting'; scenario: string; until: number }
  | { target: string; kind: 'sent'; scenarios: number; exchanges: number; error?: string }

export type ProgressListener = (progress: Progress) => void
