/** What the tus app is given (its hooks) and hands them (the upload's metadata), and its context type. */
import type { AppEnv } from '@glam/core'
import type { Context } from 'hono'

export interface TusUploadMeta {
  type: string
  name?: string
  length: number
}

export interface TusHooks {
  /** Called on creation (POST) before anything is stored: throws a GlamError (403, 400, 413 …) to refuse. */
  authorize(c: Context<AppEnv>, meta: TusUploadMeta): Promise<void>
  /**
   * Called once when the last byte has arrived, with the whole upload as a stream; returns the
   * asset it became (its id and url go into response headers); throws a GlamError (415, 422 …) to
   * refuse, in which case the upload's bytes are deleted and the error answers the final PATCH.
   */
  complete(
    c: Context<AppEnv>,
    upload: TusUploadMeta & { stream: ReadableStream<Uint8Array> },
  ): Promise<{ id: string; url: string }>
}

export type C = Context<AppEnv>
