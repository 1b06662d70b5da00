/**
 * tokencheck's own console for `tokencheck run`: a line per target as it goes, then the summary
 * table, the findings and the report folders. On a terminal the lines are live (scenarios sent
 * n/N, a countdown while a token expires) and coloured; on a pipe each target gets one line when
 * its scenarios are sent, and no escape code is written.
 */
import type { Output } from '../output.ts'
import type { Paint } from '../report/summary.ts'
import type { Progress } from '../run/progress.ts'

type Env = Readonly<Record<string, string | undefined>>

/**
 * Whether to colour: never with `--no-color`; then `FORCE_COLOR` (unless `0` or `false`) forces
 * it and `NO_COLOR` (when not empty) forbids it, as Node itself reads them; else only on a
 * terminal that is not `dumb`.
 * @see [NO_COLOR](https://no-color.org/), [FORCE_COLOR](https://force-color.org/)
 */
export function colorEnabled(tty: boolean, env: Env, colorFlag = true): boolean {
  if (!colorFlag) return false
  const force = env['FORCE_COLOR']
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false'
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false
  return tty && env['TERM'] !== 'dumb'
}

/** SGR colours by meaning: red for what fails the run, yellow for warnings, green for passes. */
const SGR: Record<Parameters<Paint>[0], number> = {
  pass: 32,
  fail: 31,
  error: 31,
  warn: 33,
  note: 36,
  deviation: 35,
  'not-applicable': 90,
  skip: 90,
  dim: 90,
}

export function painter(color: boolean): Paint {
  return color ? (style, text) => `\x1b[${SGR[style]}m${text}\x1b[39m` : (_style, text) => text
}

export interface RunConsoleOptions {
  /** Redraw the lines in place (a terminal); otherwise one line per target when it is sent. */
  live: boolean
  paint: Paint
  now?: () => number
}

/** Shows a run's progress, one line per target. */
export class RunConsole {
  readonly #output: Output
  readonly #options: RunConsoleOptions
  readonly #names: readonly string[]
  readonly #width: number
  readonly #state = new Map<string, Progress | undefined>()
  #drawn = 0
  #last = ''
  #timer: NodeJS.Timeout | undefined

  constructor(output: Output, targets: readonly string[], options: RunConsoleOptions) {
    this.#output = output
    this.#options = options
    this.#names = targets
    this.#width = Math.max(0, ...targets.map((name) => name.length))
    for (const name of targets) this.#state.set(name, undefined)
    if (options.live) {
      this.#draw()
      // The countdown moves on its own; redrawing 5 times a second is cheap.
      this.#timer = setInterval(() => this.#draw(), 200)
      this.#timer.unref()
    }
  }

  /** Takes the engine's progress events. */
  readonly listener = (progress: Progress): void => {
    this.#state.set(progress.target, progress)
    if (!this.#options.live && progress.kind === 'sent') {
      this.#output.out(this.#line(progress.target))
    }
  }

  /** Stops redrawing; the lines stay as they last were. */
  finish(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    if (this.#options.live) this.#draw()
  }

  #draw(): void {
    const lines = this.#names.map((name) => `\x1b[2K${this.#line(name)}`).join('\n')
    if (lines === this.#last) return
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : ''
    this.#last = lines
    this.#drawn = this.#names.length
    this.#output.out(`${up}${lines}`)
  }

  #line(name: string): string {
    const state = this.#state.get(name)
    const { paint } = this.#options
    const label = name.padEnd(this.#width)
    if (state === undefined) return `${label}  ${paint('dim', 'starting')}`
    switch (state.kind) {
      case 'scenario':
        return `${label}  sending ${state.position}/${state.of}  ${paint('dim', state.scenario)}`
      case 'waiting': {
        const now = this.#options.now?.() ?? Date.now()
        const left = Math.max(0, (state.until - now) / 1000).toFixed(1)
        return `${label}  waiting ${left} s for an access token to expire (${state.scenario})`
      }
      case 'sent':
        return state.error === undefined
          ? `${label}  ${state.scenarios} scenarios sent, ${state.exchanges} exchanges`
          : `${label}  ${paint('error', 'could not be run (why is below)')}`
    }
  }
}
