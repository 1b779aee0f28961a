/**
 * A request on its own connection (no pooling), for tests that make a server close or
 * abandon a connection (oversized bodies) so that no later request reuses that socket.
 */
import { request } from 'node:http'
import type { Readable } from 'node:stream'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | Readable } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    // A server may answer and close before the whole body is sent; the answer is what counts.
    // A reset can also drop the answer itself: then fail clearly instead of waiting forever.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err)
      else
        setTimeout(() => reject(new Error(`connection ${err.code} and no answer within 2 s`)), 2000).unref()
    })
    if (options.body && 'pipe' in options.body) options.body.pipe(req)
    else req.end(options.body)
  })
}
