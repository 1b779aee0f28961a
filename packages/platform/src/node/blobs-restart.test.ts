// `npm start` keeps blobs on the filesystem (GLAM_BLOBS=fs, GLAM_BLOBS_DIR): a blob written
// through platform.blobs is still there after the server restarts, and /readyz names the
// adapter with its free space.
import { rmSync } from 'node:fs'
import { testConfig } from '@glam/testing/platform'
import { tempDir } from '@glam/testing/runtimes'
import { afterAll, describe, expect, it } from 'vitest'
import { startNodeServer } from './server.ts'

const dir = tempDir('blobs-restart')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const text = async (body: ReadableStream<Uint8Array>) => new Response(body).text()

describe('blobs on npm start', () => {
  it('survive a restart of the server', async () => {
    const config = testConfig({ PORT: '0', HOST: '127.0.0.1', GLAM_EVENTS: 'memory', GLAM_BLOBS_DIR: dir })
    expect(config.blobs).toBe('fs')
    const first = await startNodeServer(config)
    expect(first.platform.blobs.adapter).toBe('filesystem')
    await first.platform.blobs.put('uploads/restart/note.txt', new TextEncoder().encode('still here'), {
      contentType: 'text/plain; charset=utf-8',
    })
    const ready = (await (await fetch(`${first.url}/readyz`)).json()) as {
      ports: Record<string, { adapter: string; status: string }>
    }
    expect(ready.ports.blobs).toMatchObject({ adapter: 'filesystem', status: 'ok' })
    await first.shutdown('test')

    const second = await startNodeServer({ ...config })
    try {
      const blob = await second.platform.blobs.get('uploads/restart/note.txt')
      expect(blob).toMatchObject({ size: 10, contentType: 'text/plain; charset=utf-8' })
      expect(await text(blob!.body)).toBe('still here')
    } finally {
      await second.shutdown('test')
    }
  }, 60_000)
})
