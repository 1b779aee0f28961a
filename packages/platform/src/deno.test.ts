// The Deno entry takes the client's address from the socket (Deno.serve's `info.remoteAddr`),
// not from forwarding headers, unless the peer is a trusted proxy: on the real Deno binary.
import { collectClaiming } from '@glam/testing/forged-collect'
import { startDenoRuntime } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

const collect = collectClaiming

describe('client addresses on Deno', () => {
  it('a forged X-Forwarded-For does not reset a per-IP limit; from a trusted proxy it names the client', async () => {
    const plain = await startDenoRuntime({ GLAM_COLLECT_PER_IP_PER_MINUTE: '3', LOG_LEVEL: 'error' })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push(await collect(plain.url, `198.51.100.${i + 1}`))
      expect(statuses).toEqual([202, 202, 202, 429, 429])
    } finally {
      await plain.stop()
    }
    const proxied = await startDenoRuntime({
      GLAM_COLLECT_PER_IP_PER_MINUTE: '3',
      GLAM_TRUSTED_PROXIES: '127.0.0.1',
      LOG_LEVEL: 'error',
    })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push(await collect(proxied.url, `198.51.100.${i + 1}`))
      expect(statuses).toEqual([202, 202, 202, 202, 202])
    } finally {
      await proxied.stop()
    }
  }, 90_000)
})
