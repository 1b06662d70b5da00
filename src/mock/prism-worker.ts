/**
 * The thread Prism runs in: importing Prism takes about a second of a thread's time, which on the
 * mock's own thread would hold up every request, the first token included. It loads each spec it
 * is asked for once and answers `mock` requests; messages are plain data.
 */
import { parentPort } from 'node:worker_threads'
import { loadPrism, type Prism } from './prism.ts'
import type { PrismRequest } from './prefer.ts'
import { recordIntoCache, type RecordableOperation, type RecordOrigin } from './prism-record.ts'

/** Where to record Prism's answers to the spec once it is loaded, for the next start. */
export interface RecordingRequest {
  file: string
  origin: RecordOrigin
  operations: RecordableOperation[]
}

export type ToPrismThread =
  | {
      kind: 'load'
      id: number
      specFile: string
      warmUp?: PrismRequest
      record?: RecordingRequest
    }
  | { kind: 'mock'; id: number; specFile: string; request: PrismRequest }

export type FromPrismThread =
  { id: number; ok: true; value?: unknown } | { id: number; ok: false; message: string }

const loaded = new Map<string, Promise<Prism>>()

/**
 * A spec's Prism, loaded once; a first request, answered and dropped, runs its mocking code once
 * so that the first real one does not pay for that either. Then, when asked, its answers are
 * recorded for the next start, in the background.
 */
function prismFor(
  specFile: string,
  warmUp?: PrismRequest,
  record?: RecordingRequest,
): Promise<Prism> {
  let prism = loaded.get(specFile)
  if (prism === undefined) {
    prism = loadPrism(specFile).then(async (ready) => {
      if (warmUp !== undefined) await ready.mock(warmUp).catch(() => undefined)
      if (record !== undefined)
        void recordIntoCache(record.file, record.origin, record.operations, ready).catch(
          () => undefined,
        )
      return ready
    })
    loaded.set(specFile, prism)
  }
  return prism
}

parentPort?.on('message', (message: ToPrismThread) => {
  const reply = (answer: FromPrismThread) => parentPort?.postMessage(answer)
  const load = message.kind === 'load' ? message : undefined
  prismFor(message.specFile, load?.warmUp, load?.record)
    .then((prism) => (message.kind === 'load' ? undefined : prism.mock(message.request)))
    .then(
      (value) => reply({ id: message.id, ok: true, value }),
      (error: unknown) =>
        reply({ id: message.id, ok: false, message: (error as Error).message ?? String(error) }),
    )
})
