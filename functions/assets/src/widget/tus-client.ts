/**
 * A large file through tus 1.0 at `<endpoint>/tus`: create (POST with Upload-Length and
 * Upload-Metadata), then PATCH chunk by chunk from the server's offset. A network error, a 5xx or
 * a locked upload (423) waits (1 s, 3 s, 10 s by default), asks the offset with HEAD and goes on
 * from there; a 409 asks the offset at once. When the waits are used up the upload fails as
 * retryable, and calling `uploadResumable` again picks it up where the server has it.
 *
 * The upload's URL is remembered (localStorage in the browser) under the file's fingerprint, so a
 * reload resumes too; it is forgotten once the asset is read back. The last PATCH answers
 * `Glam-Asset-Id`; the asset itself comes from `GET <endpoint>/<id>`.
 */
import { errorFrom, NetworkError, networkFailure, type Send, UploadError } from './transport.ts'

const TUS = { 'Tus-Resumable': '1.0.0' }

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface TusUploadOptions {
  /** The assets endpoint; uploads go to `<endpoint>/tus`. */
  endpoint: string
  type: string
  chunkSize: number
  send: Send
  /** Against which relative URLs resolve (the page's `document.baseURI`). */
  base?: string
  /** Where upload URLs are remembered across reloads; none: not remembered. */
  storage?: KeyValueStore | null
  /** The waits before each new attempt at one point of the upload, in milliseconds. */
  retryDelays?: readonly number[]
  sleep?: (ms: number) => Promise<void>
  onProgress?: (sent: number) => void
  /** Called before each wait, with its length. */
  onRetry?: (delayMs: number) => void
}

export const defaultRetryDelays: readonly number[] = [1000, 3000, 10_000]

/** The key an upload's URL is remembered under: the same file for the same type and endpoint. */
export const fingerprint = (file: File, endpoint: string, type: string) =>
  `glam-upload:${[endpoint, type, file.name, file.size, file.lastModified, file.type].join('|')}`

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))

/** Storage that may be missing or throw (private windows, sandboxed frames): then nothing is kept. */
function memo(storage: KeyValueStore | null | undefined, key: string) {
  const attempt = <T>(f: () => T): T | null => {
    try {
      return storage ? f() : null
    } catch {
      return null
    }
  }
  return {
    recall: () => attempt(() => storage!.getItem(key)),
    remember: (url: string) => attempt(() => storage!.setItem(key, url)),
    forget: () => attempt(() => storage!.removeItem(key)),
  }
}

/** An answer worth waiting for and trying again: no answer at all, a 5xx, a lease held (423). */
class Transient extends Error {
  constructor(readonly failure: UploadError) {
    super(failure.message)
  }
}

const isTransientStatus = (status: number) => status >= 500 || status === 423

export async function uploadResumable(
  file: File,
  options: TusUploadOptions,
): Promise<Record<string, unknown>> {
  const { endpoint, send } = options
  const tusUrl = `${endpoint}/tus`
  const absolute = (url: string) => new URL(url, new URL(tusUrl, options.base)).href
  const delays = options.retryDelays ?? defaultRetryDelays
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const stored = memo(options.storage, fingerprint(file, endpoint, options.type))

  /** Sends; answers what is not transient (a 2xx, or a refusal the caller reads). */
  const call = async (request: Parameters<Send>[0]) => {
    let response: Awaited<ReturnType<Send>>
    try {
      response = await send(request)
    } catch (error) {
      if (error instanceof NetworkError) throw new Transient(networkFailure())
      throw error
    }
    if (isTransientStatus(response.status)) throw new Transient(errorFrom(response))
    return response
  }

  const create = async () => {
    const name = file.name ? `,name ${base64(file.name)}` : ''
    const response = await call({
      method: 'POST',
      url: tusUrl,
      headers: {
        ...TUS,
        'Upload-Length': String(file.size),
        'Upload-Metadata': `type ${base64(options.type)}${name}`,
      },
    })
    const location = response.header('Location')
    if (response.status !== 201) throw errorFrom(response)
    if (!location) throw new UploadError(response.status, 'HTTP_ERROR', 'The server named no upload URL.')
    return { url: absolute(location), assetId: response.header('Glam-Asset-Id') }
  }

  /** Where the server has the upload, or null when it is gone (expired, deleted, not ours). */
  const status = async (url: string) => {
    const response = await call({ method: 'HEAD', url, headers: TUS })
    if (response.status === 404 || response.status === 410 || response.status === 403) return null
    const offset = Number(response.header('Upload-Offset'))
    if (response.status !== 200 || !Number.isSafeInteger(offset)) throw errorFrom(response)
    return { offset, assetId: response.header('Glam-Asset-Id') }
  }

  const patch = async (url: string, offset: number) => {
    const { onProgress } = options
    const response = await call({
      method: 'PATCH',
      url,
      headers: { ...TUS, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
      body: file.slice(offset, Math.min(offset + options.chunkSize, file.size)),
      ...(onProgress && { onProgress: (loaded: number) => onProgress(offset + loaded) }),
    })
    if (response.status === 409) return null
    const next = Number(response.header('Upload-Offset'))
    if (response.status !== 204 || !Number.isSafeInteger(next)) throw errorFrom(response)
    return { offset: next, assetId: response.header('Glam-Asset-Id') }
  }

  const readAsset = async (id: string) => {
    const response = await call({
      method: 'GET',
      url: `${endpoint}/${encodeURIComponent(id)}`,
      headers: { Accept: 'application/json' },
    })
    if (response.status !== 200) throw errorFrom(response)
    return JSON.parse(response.text) as Record<string, unknown>
  }

  let url = stored.recall()
  let offset = 0
  let assetId: string | null = null
  /** Whether `offset` is the server's; false after anything went wrong (then HEAD first). */
  let known = false
  let failures = 0
  let conflicts = 0
  for (;;) {
    try {
      if (!url) {
        const created = await create()
        url = created.url
        stored.remember(url)
        offset = 0
        assetId = created.assetId
        known = true
      }
      if (!known) {
        const found = await status(url)
        if (!found) {
          stored.forget()
          url = null
          continue
        }
        // The server got further than we knew (an answer was lost): the waits start over.
        if (found.offset > offset) failures = 0
        offset = found.offset
        assetId = found.assetId
        known = true
      }
      if (assetId) {
        const asset = await readAsset(assetId)
        stored.forget()
        options.onProgress?.(file.size)
        return asset
      }
      const sent = await patch(url, offset)
      if (!sent) {
        // Someone else's idea of the offset: ask, and go on from the server's.
        if (++conflicts > 3) throw new UploadError(409, 'CONFLICT', 'The upload keeps changing under us.')
        known = false
        continue
      }
      offset = sent.offset
      assetId = sent.assetId
      failures = 0
      options.onProgress?.(offset)
    } catch (error) {
      if (!(error instanceof Transient)) {
        // A refusal (415 at the last byte, 413, 422 …): the upload cannot go on as it is. Not
        // signed in (401) is kept: after logging in, the same file resumes.
        if (error instanceof UploadError && error.status >= 400 && error.status !== 401) stored.forget()
        throw error
      }
      const delay = delays[failures++]
      if (delay === undefined) throw error.failure
      options.onRetry?.(delay)
      await sleep(delay)
      known = false
    }
  }
}
