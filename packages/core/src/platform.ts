/**
 * The platform: the ports every function reads its dependencies from
 * (`c.var.platform`). Runtime entries build it from env or bindings; functions never
 * touch `process.env`, globals or a runtime API.
 *
 * Each port names its adapter and can report its health, which `/readyz` shows.
 */
import type { Config } from './config.ts'
import type { Logger } from './logger.ts'
import type { SearchEngine } from './search.ts'

export type Runtime = 'node' | 'workerd' | 'deno'

export interface PortHealth {
  status: 'ok' | 'degraded' | 'down'
  detail?: string
  [key: string]: unknown
}

export interface Port {
  /** Which adapter serves this port, e.g. `memory`, `workers-kv`, `filesystem`. */
  readonly adapter: string
  health?(): Promise<PortHealth>
}

export interface Clock {
  now(): Date
}

/** The SQL database. The storage layer extends this port with drizzle; until then it says what it is. */
export interface Database extends Port {
  readonly dialect: 'sqlite' | 'mysql' | 'd1' | 'none'
}

/** Analytics events (clicks, conversions). `record` appends in memory and never waits or throws. */
export interface AnalyticsEvent {
  table: string
  id: string
  [field: string]: unknown
}
export interface EventSink extends Port {
  record(event: AnalyticsEvent): void
  /** Deliver what is buffered; resolves when nothing is left in memory. */
  flush(): Promise<void>
}

/** A small key-value cache with expiry (Workers KV on the edge, an LRU or Redis in containers). */
export interface Cache extends Port {
  get(key: string): Promise<string | null>
  set(key: string, value: string, options?: { ttlSeconds?: number }): Promise<void>
  delete(key: string): Promise<void>
  /** Closes a connection the cache holds (Redis), at shutdown. */
  close?(): Promise<void>
}

/** What a blob store keeps about a blob. */
export interface BlobMeta {
  key: string
  /** Bytes of the whole blob. */
  size: number
  contentType: string
  /** The adapter's version tag (S3/R2 ETag, a content hash on the filesystem), when it has one. */
  etag?: string
  uploadedAt?: Date
}
/** A blob read back: its metadata and its bytes (the requested range of them). */
export interface BlobObject extends BlobMeta {
  body: ReadableStream<Uint8Array>
  /** The bytes `body` carries, when a range was asked for: offset and length within the blob. */
  range?: { offset: number; length: number }
  /**
   * The same bytes at once, where the adapter reads them faster than a stream drains (the
   * filesystem: one read call). Use either this or `body`, not both; `blobBytes(object)` picks.
   */
  bytes?(): Promise<Uint8Array>
}

/** A blob object's bytes, whole: in one read where the adapter can, else by draining its body. */
export async function blobBytes(object: BlobObject): Promise<Uint8Array> {
  if (object.bytes) return object.bytes()
  return new Uint8Array(await new Response(object.body).arrayBuffer())
}
/** A small JSON document kept in the blob store (a job's cursor): null when missing or not JSON. */
export async function readJsonBlob(blobs: BlobStore, key: string): Promise<Record<string, unknown> | null> {
  const blob = await blobs.get(key)
  if (!blob) return null
  try {
    const value = JSON.parse(new TextDecoder().decode(await blobBytes(blob))) as unknown
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** Writes what readJsonBlob reads. */
export const writeJsonBlob = (blobs: BlobStore, key: string, value: Record<string, unknown>) =>
  blobs.put(key, new TextEncoder().encode(JSON.stringify(value)), { contentType: 'application/json' })

/** Bytes to read: `length` from `offset` (to the end when omitted); `suffix` is the last N bytes. */
export type BlobRange = { offset: number; length?: number } | { suffix: number }

/**
 * Binary storage (the filesystem or S3 in containers, R2 on the edge), for uploads, image
 * variants, backups and screenshots. Keys are `/`-separated paths (no `..`, no leading `/`).
 * A put replaces a key atomically: readers see the old blob or the new one, never a mix, and
 * two writers of one key both succeed with one complete version left.
 */
export interface BlobStore extends Port {
  put(
    key: string,
    data: Uint8Array | ReadableStream<Uint8Array>,
    meta?: { contentType?: string },
  ): Promise<BlobMeta>
  /** null when the key is missing; a range past the end reads what there is (possibly nothing). */
  get(key: string, options?: { range?: BlobRange }): Promise<BlobObject | null>
  head(key: string): Promise<BlobMeta | null>
  has(key: string): Promise<boolean>
  /** Keys in byte order, `limit` (default 100, at most 1,000) at a time; pass `cursor` back for more. */
  list(options?: { prefix?: string; cursor?: string; limit?: number }): Promise<{
    items: BlobMeta[]
    cursor: string | null
  }>
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>
  /**
   * Gives the blob at `from` the key `to` (replacing what `to` held) and removes `from`: a rename
   * on the filesystem, a server-side copy on S3, a streamed copy on R2. Null when `from` is missing.
   * Uploads land under a temporary key and move to their content address once hashed.
   */
  move(from: string, to: string): Promise<BlobMeta | null>
}

export interface MailMessage {
  to: string
  subject: string
  text: string
  html?: string
  tags?: string[]
  headers?: Record<string, string>
}
/** One recipient of a batch and the values its `%recipient.<name>%` placeholders take. */
export interface MailRecipient {
  to: string
  variables: Record<string, string>
}
/** One message to many recipients, each getting their own copy (Mailgun's batch sending). */
export interface BatchMessage extends Omit<MailMessage, 'to'> {
  recipients: MailRecipient[]
}
export interface SendResult {
  id: string
  /** Set when nothing was sent: the address is on the suppression list. */
  skipped?: 'suppressed'
}
export interface BatchResult {
  /** The provider's id for the batch (empty when every recipient was skipped). */
  id: string
  /** Addresses left out (suppressed), as given. */
  skipped: string[]
}
export interface Mailer extends Port {
  send(message: MailMessage): Promise<SendResult>
  /**
   * Up to 1,000 recipients in one call; `%recipient.<name>%` in the subject, text, HTML and
   * headers is replaced per recipient. Mailers without it get one `send` per recipient.
   */
  sendBatch?(batch: BatchMessage): Promise<BatchResult>
}

export interface RateLimitPolicy {
  name: string
  limit: number
  windowSeconds: number
  /** `sliding-window` (default) or `token-bucket` (bursts up to `limit`, `refill` tokens back per window). */
  algorithm?: 'sliding-window' | 'token-bucket'
  /** Token bucket only: tokens added per window, 1..limit (default limit). */
  refill?: number
}
export interface RateLimitResult {
  allowed: boolean
  limit: number
  remaining: number
  /** Epoch milliseconds when the window frees up again. */
  reset: number
}
export interface RateLimiter extends Port {
  limit(key: string, policy: RateLimitPolicy): Promise<RateLimitResult>
  /** Closes a connection the limiter holds (Redis), at shutdown. */
  close?(): Promise<void>
}

/**
 * The analytics query side (ClickHouse over HTTP, or the embedded chDB front): parameterised
 * reads over the event tables, beside the `events` sink that writes them. Where events are not
 * in ClickHouse (GLAM_EVENTS=memory) the adapter is `none` and every query answers 503.
 */
export interface Analytics extends Port {
  /** The ClickHouse database the event tables live in (queries name it). */
  readonly database: string
  /** Runs a query with `{name:Type}` placeholders bound from `params`; never SQL built from input. */
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>
  /** Maintenance statements without an answer (the rollups' repair); absent without ClickHouse. */
  command?(sql: string, params?: Record<string, unknown>): Promise<void>
}

/**
 * The repositories over the SQL database. Empty here: `@glam/db` fills it in by declaration
 * merging (`declare module '@glam/core' { interface RepositoryPort … }`), so `platform.repos`
 * is typed wherever the database package is, and core needs no driver.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by @glam/db (declaration merging)
export interface RepositoryPort {}

/** A message the development outbox kept instead of delivering (`/dev/mailbox`). */
export interface KeptMessage extends MailMessage {
  id: string
  /** ISO timestamp. */
  sentAt: string
}
/** The development outbox: present only when the mailer keeps mail instead of sending it. */
export interface Outbox {
  /** The newest `limit` kept messages, newest first. */
  latest(limit: number): readonly KeptMessage[]
}

/**
 * Per-platform state for process-local caches (hot links, recent records): one value per slot
 * and platform, so two platforms in one process (tests, a worker isolate per environment) never
 * share a cache. A slot is declared once at module level; its value is made on first use.
 */
export interface LocalSlot<T> {
  readonly name: string
  readonly create: () => T
}
export const localSlot = <T>(name: string, create: () => T): LocalSlot<T> => ({ name, create })
export interface LocalState {
  of<T>(slot: LocalSlot<T>): T
}
export function createLocalState(): LocalState {
  const values = new Map<LocalSlot<unknown>, unknown>()
  return {
    of<T>(slot: LocalSlot<T>): T {
      if (values.has(slot)) return values.get(slot) as T
      const value = slot.create()
      values.set(slot, value)
      return value
    },
  }
}

/**
 * Image work (sharp in containers). Declared here so no function imports sharp: the adapter
 * lives in packages/images (`@glam/images/sharp`). Its failures are the classes of
 * `@glam/images/errors`, told apart by `name`: `InvalidImageError` (the input cannot be decoded,
 * 422 INVALID_IMAGE), `ImageTooLargeError` (more pixels than allowed, 422 IMAGE_TOO_LARGE),
 * `ImageTimeoutError` (over the time budget) and `ImagesBusyError` (the queue is full); a
 * caller's own mistake (a width of 0) is a TypeError.
 */
export interface ImageProcessor extends Port {
  /** From the header only (cheap): display dimensions (EXIF orientation applied), format, frames. */
  probe(input: Uint8Array): Promise<{ width: number; height: number; format: string; pages?: number }>
  /**
   * A variant: EXIF orientation applied, metadata stripped, sRGB, never upscaled. An animated
   * GIF/WebP stays animated when `animated` is true and the output format can carry frames
   * (WebP); otherwise it becomes its first frame.
   */
  transform(
    input: Uint8Array,
    options: {
      width?: number
      height?: number
      fit?: 'cover' | 'contain' | 'inside'
      format: 'webp' | 'avif' | 'jpeg' | 'png'
      quality?: number
      animated?: boolean
    },
  ): Promise<{ data: Uint8Array; contentType: string; width: number; height: number }>
  /** A small placeholder (ThumbHash, base64) to show while the image loads. */
  placeholder(input: Uint8Array): Promise<string | null>
  /** Work in flight, for /readyz and tests: transforms running now and waiting for a slot. */
  load?(): { running: number; queued: number; concurrency: number }
}

/** One built front-end file (a web app's `index.html`, a content-hashed script or style). */
export interface WebFile {
  /** Its bytes, opened only when they are sent (not for a `304`): a stream, or bytes in memory. */
  open(): ReadableStream<Uint8Array> | Uint8Array
  /** Its media type with charset where textual (`text/html; charset=utf-8`). */
  type: string
  /** A strong validator for `If-None-Match`, quoted (`"…"`). */
  etag: string
  size?: number
}

/**
 * The built web apps (web/<app>/dist), by URL path (`/app/index.html`, `/app/assets/x-1a2b.js`):
 * files on disk in containers, the Workers static assets on the edge. Never outside the build.
 */
export interface WebFiles {
  /** The file at that path, or null (none, or a path that leaves the build). */
  get(path: string): Promise<WebFile | null>
}

/**
 * Files a fronting nginx serves itself (`X-Accel-Redirect`): raw copies of blobs under a
 * directory nginx reads through an `internal` location.
 */
export interface AccelFiles {
  /** The internal URI of a copy this process knows is on disk, without touching the disk. */
  published?(name: string): string | undefined
  /**
   * The internal URI of `name`'s raw copy, written from `open()` first when it is missing (or,
   * given `size`, when the copy on disk has another size: a copy that went wrong heals).
   */
  publish(
    name: string,
    open: () => Promise<ReadableStream<Uint8Array> | null>,
    size?: number,
  ): Promise<string | null>
  /** Removes a raw copy (the blob was collected); a missing one is fine. */
  remove(name: string): Promise<void>
  /**
   * A copy nginx finds by its path without asking Glam (`try_files`): `<dir>/<path>`, for public
   * preset variants (`i/<sha256>/<preset>.<ext>`). Written once (temp file, rename); a path this
   * process placed before is not written again.
   */
  place?(path: string, bytes: Uint8Array): Promise<void>
  /** Removes every placed copy under `prefix` (`i/<sha256>`: their source was deleted). */
  removePlaced?(prefix: string): Promise<void>
  /** The names directly under a placed directory (`i` → the sources with placed copies). */
  placedSources?(prefix: string): Promise<string[]>
}

/** The accel port where delivery should use it: present, and GLAM_ASSETS_ACCEL=nginx. */
export const nginxAccel = (platform: Pick<Platform, 'accel' | 'config'>): AccelFiles | undefined =>
  platform.accel && platform.config.assetsAccel === 'nginx' ? platform.accel : undefined

/** A box in the recognised image's pixels: left, top, right, bottom. */
export interface OcrBox {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** One word as tesseract read it; `confidence` is tesseract's 0–100. */
export interface OcrWord {
  text: string
  confidence: number
  bbox: OcrBox
}

/** One text line with its words (tesseract's layout analysis decides what a line is). */
export interface OcrLine {
  text: string
  confidence: number
  bbox: OcrBox
  words: OcrWord[]
}

/** A recognised page: its text, mean confidence (0–100) and lines in reading order. */
export interface OcrPage {
  text: string
  confidence: number
  lines: OcrLine[]
  /** The size of the image the boxes are measured in (after preparation). */
  width: number
  height: number
}

/** How the adapter prepares an image before reading it (sharp in the pool's adapter). */
export interface OcrPreparation {
  /** Scales to this width first (a screenshot comes at 750–1290 px); default: as it is. */
  width?: number
  /** Greyscale, and dark ground inverted to light (dark mode); default true. */
  greyscale?: boolean
  /** Stretches contrast to the full range; default true. */
  normalise?: boolean
  /** Binarises at this grey level (0–255); default none. */
  threshold?: number
}

/**
 * Text recognition (a warm tesseract.js worker pool in Node containers; absent on the edge).
 * Declared here so no function imports tesseract.js: the adapter lives in packages/ocr
 * (`@glam/ocr/pool`). Its failures are the classes of `@glam/ocr/errors`, told apart by `name`:
 * `OcrInputError` (the bytes are no image it can decode, or too many pixels), `OcrBusyError`
 * (the queue is full: 503 with Retry-After), `OcrTimeoutError` (the job took longer than its
 * budget; its worker is replaced) and `OcrUnavailableError` (no worker could start).
 */
export interface TextRecognizer extends Port {
  /** Reads an image (PNG, JPEG or WebP bytes) with every language the pool holds. */
  recognize(
    image: Uint8Array,
    options?: { psm?: number; signal?: AbortSignal; prepare?: OcrPreparation },
  ): Promise<OcrPage>
  /** The languages the workers hold (`eng`, `deu`), and those configured but missing. */
  languages(): { loaded: string[]; missing: { language: string; path: string }[] }
  /** Starts the workers now (a server calls this at boot, so the first screenshot finds them warm). */
  warm(): Promise<void>
  /** Work in flight: jobs running, waiting, and the pool's size. */
  load(): { running: number; queued: number; workers: number; maxQueue: number }
  /** Ends the workers (a process that exits, or a test). */
  close(): Promise<void>
}

/** Secrets come from configuration or the runtime's secret store; never logged. */
export interface Secrets {
  /** Throws if the secret is not configured. */
  require(name: 'GLAM_SECRET' | 'GLAM_MASTER_KEY'): string
}

export interface Platform {
  readonly runtime: Runtime
  readonly config: Config
  readonly logger: Logger
  readonly clock: Clock
  readonly database: Database
  readonly events: EventSink
  readonly analytics: Analytics
  readonly repos: RepositoryPort
  readonly cache: Cache
  readonly blobs: BlobStore
  readonly mailer: Mailer
  readonly rateLimiter: RateLimiter
  readonly secrets: Secrets
  /** Process-local caches, per platform (see LocalState). */
  readonly local: LocalState
  /** The development outbox, when the mailer keeps mail instead of sending it. */
  readonly outbox?: Outbox
  /** Image work (sharp): in Node containers only; absent on the edge. */
  readonly images?: ImageProcessor
  /**
   * Raw copies of blobs that a fronting web server (nginx `X-Accel-Redirect`) serves from disk:
   * in Node containers with GLAM_ASSETS_ACCEL=nginx only.
   */
  readonly accel?: AccelFiles
  /** The built web apps' files (the dashboard at `/app/`); absent where none are deployed. */
  readonly webFiles?: WebFiles
  /** Text recognition (tesseract.js): in Node containers only; absent on the edge. */
  readonly ocr?: TextRecognizer
  /** Product search (SQLite FTS5 by default); absent where no index is configured. */
  readonly search?: SearchEngine
  /** Keep work alive after the response (waitUntil on the edge, tracked promises on Node). */
  readonly background: (work: Promise<unknown>) => void
}

/** The ports `/readyz` reports on, in a fixed order. */
export const portNames = ['database', 'events', 'cache', 'blobs', 'mailer', 'rateLimiter'] as const
export type PortName = (typeof portNames)[number]
/** Ports `/readyz` reports on only where the platform has them (sharp in Node containers). */
export const optionalPortNames = ['images', 'ocr'] as const
