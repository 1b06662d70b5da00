/** What one scenario did in a run: the report's record of it. */
export interface ScenarioRecord {
  id: string
  /** `error`: tokencheck itself failed while running it; the checks that read it are errors too. */
  status: 'ran' | 'skipped' | 'error'
  /** Why it was skipped, or what failed. */
  reason?: string
  /**
   * Earlier exchanges that issued the tokens it used (a `password.valid` grant, a `setup` grant):
   * checks see them first, before the scenario's own exchanges.
   */
  originExchangeIds?: readonly string[]
  exchangeIds: readonly string[]
}
