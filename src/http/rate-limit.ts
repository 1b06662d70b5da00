const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Spaces request starts to at most `perSecond` a second for each key (a host): a real target is
 * never flooded by a run. Reservations are taken in call order, so concurrent callers queue.
 */
export class RateLimiter {
  readonly #next = new Map<string, number>()
  readonly #intervalMs: number

  constructor(perSecond: number) {
    this.#intervalMs = perSecond > 0 && Number.isFinite(perSecond) ? 1000 / perSecond : 0
  }

  async wait(key: string): Promise<void> {
    if (this.#intervalMs === 0) return
    const now = Date.now()
    const at = Math.max(now, this.#next.get(key) ?? 0)
    this.#next.set(key, at + this.#intervalMs)
    if (at > now) await sleep(at - now)
  }
}
