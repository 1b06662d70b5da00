import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { COMPILED, PACKAGE_ROOT } from '../package-root.ts'
import { Worker } from 'node:worker_threads'
import type { PrismRequest } from './prefer.ts'
import type { PrismAnswer } from './prism.ts'
import type { FromPrismThread, RecordingRequest, ToPrismThread } from './prism-worker.ts'

/** Prism's mock of one spec, answered from Prism's own thread. */
export interface PrismThread {
  /** Resolves once the spec is loaded there; rejects if it cannot be. */
  load(): Promise<void>
  mock(request: PrismRequest): Promise<PrismAnswer>
}

let worker: Worker | undefined
let nextId = 0
const pending = new Map<
  number,
  { hold: boolean; resolve(value: unknown): void; reject(error: Error): void }
>()

/**
 * The process's one Prism thread, started on first use. Running from TypeScript sources, the
 * thread registers tsx itself (module hooks are per thread). It never keeps the process alive.
 */
function prismWorker(): Worker {
  if (worker !== undefined) return worker
  // The build's worker module is named from the package root: the command that starts it may be
  // a bundle elsewhere in dist/.
  const entry = COMPILED
    ? pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'mock', 'prism-worker.js'))
    : new URL('./prism-worker.ts', import.meta.url)
  const created = entry.pathname.endsWith('.ts')
    ? new Worker(
        'const { workerData } = require("node:worker_threads"); import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry) })',
        {
          eval: true,
          workerData: {
            tsx: tsxEsmApi(),
            entry: entry.href,
          },
        },
      )
    : new Worker(entry)
  created.on('message', (answer: FromPrismThread) => {
    const waiting = pending.get(answer.id)
    pending.delete(answer.id)
    if (![...pending.values()].some((other) => other.hold)) created.unref()
    if (answer.ok) waiting?.resolve(answer.value)
    else waiting?.reject(new Error(answer.message))
  })
  created.on('error', (error) => {
    for (const waiting of pending.values()) waiting.reject(error)
    pending.clear()
    worker = undefined
    created.unref()
  })
  // After the listeners, which would otherwise hold the process open again.
  created.unref()
  worker = created
  return created
}

/**
 * tsx's ESM API, as its package's exports map names it: its CommonJS build cannot register the
 * hooks from a thread whose base is not a file.
 */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json')
  const exports = (
    JSON.parse(readFileSync(manifest, 'utf8')) as {
      exports: Record<string, { import: { default: string } }>
    }
  ).exports
  return new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

/**
 * Sends a message and waits for its answer. Only a request someone waits on (`hold`) keeps the
 * process alive: a background load never stops a mock that was told to stop from exiting.
 */
function ask(message: WithoutId<ToPrismThread>, hold: boolean): Promise<unknown> {
  const id = nextId++
  return new Promise((resolve, reject) => {
    pending.set(id, { hold, resolve, reject })
    const thread = prismWorker()
    if (hold) thread.ref()
    thread.postMessage({ ...message, id })
  })
}

/**
 * A spec's Prism on the Prism thread: loading it there leaves this thread free to answer. With
 * `record`, the thread records its answers for the next start once it has loaded it.
 */
export function prismThread(
  specFile: string,
  warmUp?: PrismRequest,
  record?: RecordingRequest,
): PrismThread {
  let loading: Promise<void> | undefined
  const load = {
    kind: 'load' as const,
    specFile,
    ...(warmUp === undefined ? {} : { warmUp }),
    ...(record === undefined ? {} : { record }),
  }
  return {
    load: () => (loading ??= ask(load, false).then(() => undefined)),
    mock: (request) => ask({ kind: 'mock', specFile, request }, true) as Promise<PrismAnswer>,
  }
}
