// Two Node servers sharing one SQLite database and one blob directory, as two containers share
// MySQL and a bucket: a new variant asked of both at once is computed by exactly one of them
// (the lease row in SQL), and the other answers the same bytes from the store.
import { createHash } from 'node:crypto'
import { type RunningRuntime, startNodeRuntime, tempDatabaseUrl, tempDir } from '@glam/testing/runtimes'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const computedLines = (r: RunningRuntime) =>
  r.output.filter((line) => line.includes('"event":"image.variant_computed"'))

describe('two containers', () => {
  const shared = {
    DATABASE_URL: tempDatabaseUrl(),
    GLAM_BLOBS_DIR: tempDir('blobs'),
    GLAM_EVENTS: 'memory',
    LOG_LEVEL: 'info',
  }
  let a: RunningRuntime
  let b: RunningRuntime

  beforeAll(async () => {
    // One after the other: the first migrates the database the second then finds ready.
    a = await startNodeRuntime(shared)
    b = await startNodeRuntime(shared)
  }, 90_000)
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
  })

  it('compute a new variant once between them (counted in both logs)', async () => {
    const bytes = new Uint8Array(
      await sharp({
        create: {
          width: 3000,
          height: 2000,
          channels: 3,
          background: '#c2185b',
          noise: { type: 'gaussian', mean: 120, sigma: 40 },
        },
      })
        .jpeg()
        .toBuffer(),
    )
    const res = await fetch(`${a.url}/api/assets?type=campaign-image&name=wide.jpg`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/octet-stream' },
      body: bytes as BodyInit,
    })
    expect(res.status).toBe(201)
    const sha256 = sha(bytes)

    const before = computedLines(a).length + computedLines(b).length
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${(i % 2 ? b : a).url}/i/${sha256}?p=hero`, { headers: { accept: 'image/webp' } }),
      ),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200))
    const bodies = await Promise.all(answers.map(async (r) => sha(new Uint8Array(await r.arrayBuffer()))))
    expect(new Set(bodies).size).toBe(1)
    // Log lines are read from the children's pipes: give the last ones a moment.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(computedLines(a).length + computedLines(b).length - before).toBe(1)
    // One process computed (its requests shared the flight: `miss`), the other waited on the lease
    // and read the stored variant (`store`).
    const of = (server: number) =>
      new Set(answers.filter((_, i) => i % 2 === server).map((r) => r.headers.get('x-variant-cache')))
    expect([...of(0), ...of(1)].sort()).toEqual(['miss', 'store'])
  }, 60_000)
})
