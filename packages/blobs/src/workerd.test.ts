// The R2 and S3 adapters inside workerd: the fixture bundled the way wrangler bundles the worker
// (aws4fetch and fast-xml-parser included), run under Miniflare with an R2 binding, talking to
// s3rver on the host for S3.

import { rmSync } from 'node:fs'
import { bundleWorker, compatibilityDate, repoRoot } from '@glam/testing/runtimes'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { digest, pattern } from './contract.ts'
import { type RunningS3rver, startS3rver } from './s3rver.ts'
import { fixtureSize } from './test-bytes.ts'

describe('blob adapters on workerd', () => {
  let s3: RunningS3rver
  let mf: Miniflare
  let scriptPath: string
  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'glam-edge' })
    scriptPath = await bundleWorker(
      'packages/blobs/src/workerd-fixture.ts',
      `dist/fixtures/blobs-${process.pid}.js`,
    )
    mf = new Miniflare({
      modules: true,
      scriptPath,
      modulesRoot: repoRoot,
      compatibilityDate,
      compatibilityFlags: ['nodejs_compat'],
      cf: false,
      r2Buckets: ['BLOBS'],
      bindings: { S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket },
    })
    await mf.ready
  })
  afterAll(async () => {
    // Each step on its own: a worker that failed to start must not leave the others behind.
    await mf?.dispose().catch(() => {})
    if (scriptPath) rmSync(scriptPath, { force: true })
    await s3?.stop()
  })

  it.each(['r2', 's3'])(
    '%s: streams 11 MiB of unknown length in, reads it back whole and in part',
    async (which) => {
      const res = await mf.dispatchFetch(`http://worker/?store=${which}`)
      const text = await res.text()
      expect(res.status, text).toBe(200)
      const data = pattern(fixtureSize, 7)
      expect(JSON.parse(text)).toEqual({
        adapter: which,
        put: { size: fixtureSize, contentType: 'application/x-edge' },
        sha256: digest(data),
        tail: { range: { offset: fixtureSize - 5, length: 5 }, bytes: [...data.subarray(fixtureSize - 5)] },
        listed: [{ key: `edge/${which}/big.bin`, size: fixtureSize, contentType: 'application/x-edge' }],
        health: expect.objectContaining({ status: 'ok' }),
      })
    },
  )
})
