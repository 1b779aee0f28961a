/**
 * The widget's one way of talking HTTP: a request in, status, headers and text out. The browser
 * sends through XMLHttpRequest (the only browser API that reports upload progress); tests pass a
 * `Send` over `app.request`, so the same upload code runs against the real app in one process.
 */

export interface WireRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PATCH'
  url: string
  headers?: Record<string, string>
  body?: Blob | FormData
  /** Bytes of the body sent so far, and the body's total when the transport knows it. */
  onProgress?: (loaded: number, total: number) => void
}

export interface WireResponse {
  status: number
  header(name: string): string | null
  text: string
}

export type Send = (request: WireRequest) => Promise<WireResponse>

/** The request never got an answer: connection refused or cut, aborted, timed out. */
export class NetworkError extends Error {
  override name = 'NetworkError'
}

/** What a failed upload reports (`status` 0 when no answer came); `retryable` for the retry button. */
export class UploadError extends Error {
  override name = 'UploadError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable = status === 0 || status >= 500,
  ) {
    super(message)
  }
}

/** The server's `{ error: { code, message } }`, or a generic error when the body is something else. */
export function errorFrom(response: WireResponse): UploadError {
  try {
    const { error } = JSON.parse(response.text) as { error?: { code?: unknown; message?: unknown } }
    if (error && typeof error.code === 'string' && typeof error.message === 'string')
      return new UploadError(response.status, error.code, error.message)
  } catch {
    // not JSON: fall through
  }
  return new UploadError(response.status, 'HTTP_ERROR', `The server answered ${response.status}.`)
}

export const networkFailure = () =>
  new UploadError(0, 'NETWORK_ERROR', 'The connection to the server failed.', true)

/** `Send` over XMLHttpRequest; cookies go along on the same origin, as with fetch's default. */
export const xhrSend: Send = (request) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(request.method, request.url)
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value)
    const { onProgress } = request
    if (onProgress && request.body)
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0)
    xhr.onload = () =>
      resolve({ status: xhr.status, header: (name) => xhr.getResponseHeader(name), text: xhr.responseText })
    xhr.onerror = xhr.onabort = xhr.ontimeout = () => reject(new NetworkError())
    xhr.send(request.body ?? null)
  })
