/**
 * The ocr port's adapter: a warm pool of tesseract.js workers (worker threads running
 * tesseract's WebAssembly build), in Node containers only. Each worker holds the language
 * models in memory from its start: English from the `@tesseract.js-data/eng` package (LSTM,
 * best_int), German from Debian's `tesseract-ocr-deu` — nothing is downloaded at run time, and
 * a missing German model is said in `health()` (degraded) and in `languages()`.
 *
 * Jobs go to an idle worker or wait in a bounded queue; beyond it `recognize` throws
 * `OcrBusyError` at once with a Retry-After estimate. A job over its budget (or whose caller
 * aborts it while it runs) rejects with `OcrTimeoutError`, and its worker is terminated and
 * replaced: tesseract cannot be interrupted mid-page.
 *
 * ```ts
 * const ocr = createTesseractPool({ workers: 2 })
 * await ocr.warm()
 * const page = await ocr.recognize(png, { psm: 4 })
 * ```
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger, OcrBox, OcrLine, OcrPage, PortHealth, TextRecognizer } from '@glam/core'
import type { Worker } from 'tesseract.js'
import type { OcrLanguage } from './engine.ts'
import { OcrBusyError, OcrTimeoutError, OcrUnavailableError } from './errors.ts'
import { fileExists as exists, germanMissing as germanModelMissing, modelPaths } from './models.ts'
import { prepareImage } from './prepare.ts'

export interface TesseractPoolOptions {
  /** Workers (one page each at a time); default one per CPU core. */
  workers?: number
  /** Jobs that may wait for a worker; one more is refused with OcrBusyError. Default 16. */
  maxQueue?: number
  /** Budget of one job from its start on a worker, in ms; default 30 000. */
  timeoutMs?: number
  /** Languages to hold; default English and German. English is always held. */
  languages?: OcrLanguage[]
  /** Refuses larger images before decoding them (a decompression bomb); default 40 MP. */
  maxPixels?: number
  /** Overrides a model's file (a `.traineddata`, gzipped or not). */
  models?: Partial<Record<OcrLanguage, string>>
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>
}

interface Job {
  image: Buffer
  size: { width: number; height: number }
  psm: number
  signal: AbortSignal | undefined
  resolve: (page: OcrPage) => void
  reject: (err: Error) => void
  onAbort?: () => void
}

export function createTesseractPool(options: TesseractPoolOptions = {}): TextRecognizer {
  const size = Math.max(1, options.workers ?? availableParallelism())
  const maxQueue = options.maxQueue ?? 16
  const timeoutMs = options.timeoutMs ?? 30_000
  const wanted = [...new Set<OcrLanguage>(['eng', ...(options.languages ?? ['eng', 'deu'])])]
  const paths = modelPaths(options.models)
  const logger = options.logger

  let loaded: OcrLanguage[] = []
  let missing: { language: string; path: string }[] = []
  let langDir: string | undefined
  let starting: Promise<void> | undefined
  let startError: Error | undefined
  let closed = false
  const idle: Worker[] = []
  const all = new Set<Worker>()
  const queue: Job[] = []
  let running = 0
  /** Replacements being started after a timeout (not idle, not running). */
  let replacing = 0
  /** A moving average of a job's time on a worker, for Retry-After. */
  let meanJobMs = 2000

  const newWorker = async (): Promise<Worker> => {
    const { createWorker, OEM } = await import('tesseract.js')
    return createWorker(loaded.join('+'), OEM.LSTM_ONLY, {
      langPath: langDir!,
      gzip: false,
      cacheMethod: 'none',
      errorHandler: (err: unknown) => logger?.error('ocr.worker_failed', { error: String(err) }),
    })
  }

  const start = async () => {
    const present = await Promise.all(wanted.map(async (l) => [l, await exists(paths[l])] as const))
    missing = present.filter(([, ok]) => !ok).map(([l]) => ({ language: l, path: paths[l] }))
    loaded = present.filter(([, ok]) => ok).map(([l]) => l)
    if (!loaded.includes('eng')) throw new OcrUnavailableError(`The English model is missing at ${paths.eng}`)
    for (const m of missing) {
      logger?.warn('ocr.model_missing', {
        language: m.language,
        path: m.path,
        detail: germanModelMissing(m.path),
      })
    }
    // tesseract.js reads `<langPath>/<lang>.traineddata` and gunzips what is gzipped: one
    // directory of links to wherever each model lives.
    langDir = await mkdtemp(join(tmpdir(), 'glam-tessdata-'))
    for (const l of loaded) await symlink(paths[l], join(langDir, `${l}.traineddata`))
    const started = performance.now()
    const workers = await Promise.allSettled(Array.from({ length: size }, newWorker))
    for (const w of workers) if (w.status === 'fulfilled') add(w.value)
    const failed = workers.find((w) => w.status === 'rejected')
    if (all.size === 0) {
      throw new OcrUnavailableError(
        `No OCR worker could start: ${failed?.status === 'rejected' ? String(failed.reason) : 'unknown'}`,
      )
    }
    logger?.info('ocr.pool_warm', {
      workers: all.size,
      languages: loaded.join('+'),
      ms: Math.round(performance.now() - started),
      ...(failed?.status === 'rejected' && { failed: String(failed.reason) }),
    })
  }

  const warm = (): Promise<void> => {
    if (closed) return Promise.reject(new OcrUnavailableError('The OCR pool is closed'))
    starting ??= start().catch((err: Error) => {
      startError = err
      starting = undefined // the next call tries again
      throw err
    })
    return starting
  }

  const add = (worker: Worker) => {
    all.add(worker)
    idle.push(worker)
    pump()
  }

  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const job = queue.shift()!
      if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort)
      run(idle.pop()!, job)
    }
  }

  const replace = (worker: Worker, reason: string) => {
    logger?.warn('ocr.worker_replaced', { reason })
    all.delete(worker)
    void worker.terminate().catch(() => {})
    if (closed) return
    replacing++
    newWorker()
      .then(add, (err) => logger?.error('ocr.worker_replace_failed', { error: String(err) }))
      .finally(() => replacing--)
  }

  const run = (worker: Worker, job: Job) => {
    running++
    const began = performance.now()
    let settled = false
    const finish = (outcome: () => void, healthy: boolean, reason = '') => {
      if (settled) return
      settled = true
      running--
      clearTimeout(timer)
      job.signal?.removeEventListener('abort', onAbort)
      outcome()
      if (healthy) {
        meanJobMs = meanJobMs * 0.8 + (performance.now() - began) * 0.2
        idle.push(worker)
        pump()
      } else {
        replace(worker, reason)
      }
    }
    const timer = setTimeout(
      () =>
        finish(
          () =>
            job.reject(new OcrTimeoutError(`OCR took longer than ${timeoutMs} ms; its worker is replaced`)),
          false,
          'timeout',
        ),
      timeoutMs,
    )
    const onAbort = () =>
      finish(
        () => job.reject(new OcrTimeoutError('The OCR job was abandoned by its caller')),
        false,
        'aborted',
      )
    job.signal?.addEventListener('abort', onAbort, { once: true })
    worker
      .setParameters({ tessedit_pageseg_mode: String(job.psm) as never })
      .then(() => worker.recognize(job.image, {}, { blocks: true, text: true }))
      .then(
        (result) => finish(() => job.resolve(toPage(result.data, job.size)), true),
        (err: unknown) => finish(() => job.reject(err instanceof Error ? err : new Error(String(err))), true),
      )
  }

  const retryAfterSeconds = () =>
    Math.max(1, Math.ceil(((queue.length + running) * meanJobMs) / Math.max(1, all.size) / 1000))

  return {
    adapter: 'tesseract.js',
    async recognize(image, o = {}) {
      await warm()
      if (o.signal?.aborted) throw new OcrTimeoutError('The OCR job was abandoned by its caller')
      if (all.size === 0 && replacing === 0) throw new OcrUnavailableError('No OCR worker is running')
      // Prepared here, on libuv's threads, not on a tesseract worker.
      const prepared = await prepareImage(image, o.prepare, options.maxPixels)
      if (o.signal?.aborted) throw new OcrTimeoutError('The OCR job was abandoned by its caller')
      return new Promise<OcrPage>((resolve, reject) => {
        const job: Job = {
          image: prepared.png,
          size: { width: prepared.width, height: prepared.height },
          psm: o.psm ?? 3,
          signal: o.signal,
          resolve,
          reject,
        }
        if (idle.length > 0) return run(idle.pop()!, job)
        if (queue.length >= maxQueue) {
          return reject(
            new OcrBusyError(
              `OCR is full: ${running} running, ${queue.length} waiting (at most ${maxQueue})`,
              retryAfterSeconds(),
            ),
          )
        }
        if (job.signal) {
          job.onAbort = () => {
            const at = queue.indexOf(job)
            if (at >= 0) queue.splice(at, 1)
            reject(new OcrTimeoutError('The OCR job was abandoned by its caller while it waited'))
          }
          job.signal.addEventListener('abort', job.onAbort, { once: true })
        }
        queue.push(job)
      })
    },
    languages: () => ({ loaded: [...loaded], missing: [...missing] }),
    warm,
    load: () => ({ running, queued: queue.length, workers: all.size, maxQueue }),
    async health(): Promise<PortHealth> {
      const germanWanted = wanted.includes('deu')
      const germanMissing = germanWanted && !(await exists(paths.deu))
      const german = germanMissing ? germanModelMissing(paths.deu) : undefined
      if (startError && all.size === 0) return { status: 'down', detail: startError.message }
      const state =
        all.size > 0
          ? `${all.size} worker${all.size === 1 ? '' : 's'} warm (${loaded.join('+')}), ${running} running, ${queue.length} queued`
          : 'cold: the workers start at boot or on the first screenshot'
      return {
        status: german ? 'degraded' : 'ok',
        detail: german ? `${state}; ${german}` : state,
        workers: all.size,
        running,
        queued: queue.length,
      }
    },
    async close() {
      closed = true
      for (const job of queue.splice(0)) job.reject(new OcrUnavailableError('The OCR pool is closing'))
      await Promise.allSettled([...all].map((w) => w.terminate()))
      all.clear()
      idle.length = 0
      if (langDir) await rm(langDir, { recursive: true, force: true })
    },
  }
}

type TesseractPage = Awaited<ReturnType<Worker['recognize']>>['data']

const box = (b: { x0: number; y0: number; x1: number; y1: number }): OcrBox => ({
  x0: b.x0,
  y0: b.y0,
  x1: b.x1,
  y1: b.y1,
})

/** tesseract.js's blocks → paragraphs → lines, flattened to the port's lines and words. */
function toPage(data: TesseractPage, size: { width: number; height: number }): OcrPage {
  const lines: OcrLine[] = []
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        lines.push({
          text: line.text.trim(),
          confidence: line.confidence,
          bbox: box(line.bbox),
          words: line.words.map((w) => ({ text: w.text, confidence: w.confidence, bbox: box(w.bbox) })),
        })
      }
    }
  }
  return { text: data.text, confidence: data.confidence, lines, ...size }
}
