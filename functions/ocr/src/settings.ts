/**
 * The OCR settings: declared in the manifest, parsed with the platform's, added to `Config` by
 * declaration merging. The Node platform reads them when it builds the ocr port (the pool).
 */
import { bool, type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

export const ocrSettings = {
  ocrWorkers: setting({
    env: 'GLAM_OCR_WORKERS',
    schema: z.coerce.number().int().min(0).max(64),
    default: 0,
    description:
      'tesseract.js workers in the warm OCR pool of a Node container (0: one per CPU core). Each holds the English and German models in memory (about 60 MB).',
  }),
  ocrQueue: setting({
    env: 'GLAM_OCR_QUEUE',
    schema: z.coerce.number().int().min(0).max(10_000),
    default: 16,
    description:
      'Screenshots that may wait for a free OCR worker; beyond that a new one answers 503 OCR_BUSY with Retry-After.',
  }),
  ocrTimeoutSeconds: setting({
    env: 'GLAM_OCR_TIMEOUT',
    schema: z.coerce.number().int().min(1).max(600),
    default: 30,
    description:
      'Seconds one screenshot may take on a worker; longer answers 503 OCR_TIMEOUT and the worker is replaced.',
  }),
  ocrGermanModel: setting({
    env: 'GLAM_OCR_GERMAN_MODEL',
    schema: z.string().min(1),
    default: '/usr/share/tesseract-ocr/5/tessdata/deu.traineddata',
    description:
      "The German tesseract model (Debian's `tesseract-ocr-deu` puts it here). Missing: `/readyz` says so (degraded) and German screenshots are read with the English model only.",
  }),
  ocrWarm: setting({
    env: 'GLAM_OCR_WARM',
    schema: bool,
    default: true,
    description:
      'Start the OCR workers when the server starts, so the first screenshot finds them warm (false: on the first screenshot).',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof ocrSettings> {}
}
