/** The tus app's options, checked once when the app is built (a bad one fails at start-up). */
import { DEFAULT_PREFIX } from './uploads.ts'

export interface TusOptions {
  /** Largest Upload-Length accepted (Tus-Max-Size); default 2 GiB. */
  maxSize?: number
  /** Where uploads live in the blob store; default `uploads/tus`. */
  chunkKeyPrefix?: string
  /** How long an unfinished upload may take, from its creation; default 24 hours. */
  expiresAfterSeconds?: number
}

export interface Settings {
  maxSize: number
  prefix: string
  expiresAfterMs: number
}

const prefixPattern = /^[\w-]+(\/[\w-]+)*$/

export function settingsOf(options: TusOptions): Settings {
  const maxSize = options.maxSize ?? 2 * 1024 ** 3
  const prefix = options.chunkKeyPrefix ?? DEFAULT_PREFIX
  const expiresAfterSeconds = options.expiresAfterSeconds ?? 24 * 3600
  if (!Number.isSafeInteger(maxSize) || maxSize < 1)
    throw new Error('createTusApp: maxSize must be a positive integer')
  if (!prefixPattern.test(prefix))
    throw new Error(`createTusApp: chunkKeyPrefix ${prefix} is not a blob key prefix`)
  if (!(expiresAfterSeconds > 0)) throw new Error('createTusApp: expiresAfterSeconds must be positive')
  return { maxSize, prefix, expiresAfterMs: expiresAfterSeconds * 1000 }
}
