/**
 * A small file in one request: `POST <endpoint>` as multipart, the `type` field before the file
 * (the server authorises the type before it reads a byte of the file). 201 answers the asset.
 */
import { errorFrom, NetworkError, networkFailure, type Send } from './transport.ts'

export interface FormUploadOptions {
  /** The assets endpoint, `/api/assets` by default. */
  endpoint: string
  /** The asset type, e.g. `campaign-image`. */
  type: string
  send: Send
  /** Bytes of the file sent so far (scaled from the multipart body's progress). */
  onProgress?: (sent: number) => void
}

export async function uploadForm(file: File, options: FormUploadOptions): Promise<Record<string, unknown>> {
  const body = new FormData()
  body.append('type', options.type)
  body.append('file', file, file.name)
  const { onProgress } = options
  let response: Awaited<ReturnType<Send>>
  try {
    response = await options.send({
      method: 'POST',
      url: options.endpoint,
      headers: { Accept: 'application/json' },
      body,
      ...(onProgress && {
        onProgress: (loaded, total) =>
          onProgress(total > 0 ? Math.round((loaded / total) * file.size) : Math.min(loaded, file.size)),
      }),
    })
  } catch (error) {
    if (error instanceof NetworkError) throw networkFailure()
    throw error
  }
  if (response.status === 201) return JSON.parse(response.text) as Record<string, unknown>
  throw errorFrom(response)
}
