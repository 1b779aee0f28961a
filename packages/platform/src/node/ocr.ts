/**
 * The ocr port in Node containers: the warm tesseract.js pool of @glam/ocr, loaded on first use
 * (a process that never reads a screenshot never loads tesseract.js or sharp for it). The
 * server warms it at start (GLAM_OCR_WARM); until then `health()` answers from the model files
 * alone, so `/readyz` says whether German is installed without starting a worker.
 */
import type { Logger, PortHealth, TextRecognizer } from '@glam/core'
import { fileExists, germanMissing, modelPaths } from '@glam/ocr/models'

export interface LazyOcrOptions {
  workers?: number
  maxQueue?: number
  timeoutSeconds?: number
  germanModel?: string
  logger?: Logger
}

export function createLazyOcr(options: LazyOcrOptions): TextRecognizer {
  let loaded: Promise<TextRecognizer> | undefined
  let ready: TextRecognizer | undefined
  const pool = () => {
    loaded ??= import('@glam/ocr/pool').then((m) => {
      ready = m.createTesseractPool({
        ...(options.workers && { workers: options.workers }),
        ...(options.maxQueue !== undefined && { maxQueue: options.maxQueue }),
        ...(options.timeoutSeconds && { timeoutMs: options.timeoutSeconds * 1000 }),
        ...(options.germanModel && { models: { deu: options.germanModel } }),
        ...(options.logger && { logger: options.logger }),
      })
      return ready
    })
    return loaded
  }
  const german = modelPaths(options.germanModel ? { deu: options.germanModel } : {}).deu
  return {
    adapter: 'tesseract.js',
    recognize: async (image, o) => (await pool()).recognize(image, o),
    languages: () => ready?.languages() ?? { loaded: [], missing: [] },
    warm: async () => (await pool()).warm(),
    load: () => ready?.load() ?? { running: 0, queued: 0, workers: 0, maxQueue: options.maxQueue ?? 16 },
    close: async () => ready?.close(),
    health: async (): Promise<PortHealth> => {
      if (ready?.health) return ready.health()
      return (await fileExists(german))
        ? { status: 'ok', detail: 'cold: the workers start at boot or on the first screenshot', workers: 0 }
        : { status: 'degraded', detail: `cold; ${germanMissing(german)}`, workers: 0 }
    },
  }
}
