/**
 * The file of a `multipart/form-data` upload as a stream, with the text fields sent before it.
 * multipasta parses (the fields' headers, boundaries, limits); this file only drives it with
 * backpressure: the request body is read a chunk at a time, and only when whoever reads the
 * file stream wants more, so a 1 GB upload holds a few chunks in memory, not the file.
 *
 * ```ts
 * const { fields, file } = await multipartFile(c.req.raw)
 * await ingest(platform, { body: file.stream, rule })
 * ```
 */
import { GlamError } from '@glam/core'
import * as Multipart from 'multipasta'

export interface MultipartFile {
  /** The text fields that came before the file. */
  fields: Record<string, string>
  file: { field: string; filename: string | undefined; stream: ReadableStream<Uint8Array> }
}

const decoder = new TextDecoder()

const refused = (message: string) => new GlamError('VALIDATION_FAILED', message)

function describe(error: Multipart.MultipartError): GlamError {
  switch (error._tag) {
    case 'ReachedLimit':
      return error.limit === 'MaxPartSize' || error.limit === 'MaxTotalSize'
        ? new GlamError('PAYLOAD_TOO_LARGE', 'The upload is larger than its type allows.')
        : refused(`The form has too many or too large fields (${error.limit}).`)
    case 'InvalidBoundary':
      return refused('The multipart body has no valid boundary.')
    case 'EndNotReached':
      return refused('The multipart body ended before its closing boundary.')
    default:
      return refused(`The multipart body is malformed (${error._tag}).`)
  }
}

/**
 * Reads a multipart request up to its first file part. Fields after the file are not read;
 * a form without a file, or that is not multipart, is refused with 400.
 */
export async function multipartFile(request: Request, limits: { maxBytes: number }): Promise<MultipartFile> {
  const body = request.body
  if (!body) throw refused('The multipart body is empty.')
  const reader = body.getReader()
  const fields: Record<string, string> = {}
  const queue: Uint8Array[] = []
  let file: { field: string; filename: string | undefined } | undefined
  let fileEnded = false
  let failure: GlamError | undefined
  let done = false

  const parser = Multipart.make({
    headers: Object.fromEntries(request.headers),
    maxParts: 20,
    maxFieldSize: 16 * 1024,
    maxPartSize: limits.maxBytes + 1,
    maxTotalSize: limits.maxBytes + 1024 * 1024,
    onField(info, value) {
      if (file) return
      fields[info.name] = decoder.decode(value)
    },
    onFile(info) {
      if (file) return () => {}
      file = { field: info.name, filename: info.filename }
      return (chunk) => {
        if (chunk === null) fileEnded = true
        else queue.push(chunk)
      }
    },
    onError(error) {
      failure ??= describe(error)
    },
    onDone() {
      done = true
    },
  })

  /** Feeds the parser one more chunk of the body. */
  async function pump() {
    const next = await reader.read().catch((err: unknown) => {
      failure ??= new GlamError('BAD_REQUEST', 'The upload broke off.', { cause: err })
      return { done: true as const, value: undefined }
    })
    if (next.done) {
      if (!done && !failure) parser.end()
      done = true
      return
    }
    parser.write(next.value)
  }

  while (!file && !done && !failure) await pump()
  if (failure) {
    await reader.cancel().catch(() => {})
    throw failure
  }
  if (!file) throw refused('The form has no file: send it in a `file` field.')

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (queue.length === 0 && !fileEnded && !failure && !done) await pump()
      if (queue.length > 0) return controller.enqueue(queue.shift()!)
      if (failure) return controller.error(failure)
      if (fileEnded) {
        // The rest (later fields, the closing boundary) is not needed.
        await reader.cancel().catch(() => {})
        return controller.close()
      }
      controller.error(refused('The multipart body ended inside the file.'))
    },
    cancel: (reason) => reader.cancel(reason),
  })
  return { fields, file: { ...file, stream } }
}
