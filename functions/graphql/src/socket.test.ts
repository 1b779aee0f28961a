// /graphql over a real socket on the Node server: an anonymous 20 MB JSON body is refused with
// 413 while it streams, whether its length is declared or it comes chunked, and the server
// answers the next request as usual.
import { Readable } from 'node:stream'
import { startNodeServer } from '@glam/platform/node'
import { testConfig } from '@glam/testing/platform'
import { rawRequest } from '@glam/testing/raw-request'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const twentyMegabytes = 20 * 1024 * 1024

/** A JSON body of `size` bytes, made as it is read (the client never holds it whole). */
function jsonStream(size: number): { body: Readable; sent: () => number } {
  const chunk = Buffer.alloc(64 * 1024, 0x78)
  const head = Buffer.from('{"query":"{ me { id } }","variables":{"x":"')
  const tail = Buffer.from('"}}')
  let sent = 0
  const body = new Readable({
    read() {
      if (sent === 0) {
        sent += head.byteLength
        return void this.push(head)
      }
      const left = size - tail.byteLength - sent
      if (left <= 0) {
        if (sent < size) {
          sent += tail.byteLength
          this.push(tail)
        }
        return void this.push(null)
      }
      const part = left >= chunk.byteLength ? chunk : chunk.subarray(0, left)
      sent += part.byteLength
      this.push(part)
    },
  })
  return { body, sent: () => sent }
}

describe('/graphql on the Node server', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let base: string
  beforeAll(async () => {
    server = await startNodeServer(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        GLAM_SCHEDULER: 'false',
        GLAM_EVENTS: 'memory',
      }),
    )
    base = `http://127.0.0.1:${server.port}`
  })
  afterAll(() => server?.shutdown('test'))

  const expectTooLarge = (res: { status: number; text: string }) => {
    expect(res.status).toBe(413)
    expect(JSON.parse(res.text)).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] })
  }

  it('refuses an anonymous 20 MB body with a declared length at once', async () => {
    const { body } = jsonStream(twentyMegabytes)
    expectTooLarge(
      await rawRequest(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(twentyMegabytes) },
        body,
      }),
    )
  })

  it('refuses an anonymous 20 MB chunked body once it crosses the limit', async () => {
    const { body } = jsonStream(twentyMegabytes)
    expectTooLarge(
      await rawRequest(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        body,
      }),
    )
  })

  it('answers as usual afterwards, with the catalogue statuses', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ data: { me: null } })
    const forged = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer glam_no_such_key_0000' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    })
    expect(forged.status).toBe(401)
    expect(await forged.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHORIZED' } }] })
  })
})
