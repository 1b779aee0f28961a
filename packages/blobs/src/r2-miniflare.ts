/**
 * An R2 bucket for tests in Node: Miniflare's binding (workerd's own R2 implementation) persisted
 * to a directory, so a restart is a new Miniflare over the same files. Test-only (imports
 * miniflare, a devDependency).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import type { R2BucketLike } from './r2.ts'

export interface MiniflareR2 {
  bucket: R2BucketLike
  /** A new Miniflare over the same files; the new bucket. */
  restart(): Promise<R2BucketLike>
  stop(): Promise<void>
}

async function start(persist: string, compatibilityDate: string) {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null, { status: 404 }) } }',
    compatibilityDate,
    cf: false,
    r2Buckets: ['BLOBS'],
    r2Persist: persist,
  })
  await mf.ready
  return { mf, bucket: (await mf.getR2Bucket('BLOBS')) as unknown as R2BucketLike }
}

export async function startMiniflareR2(options: {
  persist?: string
  compatibilityDate: string
}): Promise<MiniflareR2> {
  const persist = options.persist ?? mkdtempSync(join(tmpdir(), 'glam-r2-'))
  let running = await start(persist, options.compatibilityDate)
  return {
    get bucket() {
      return running.bucket
    },
    async restart() {
      await running.mf.dispose()
      running = await start(persist, options.compatibilityDate)
      return running.bucket
    },
    stop: () => running.mf.dispose(),
  }
}
