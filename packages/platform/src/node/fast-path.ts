/**
 * The Node entry's fast path for the hottest route: `GET|HEAD /<slug>` is answered straight on
 * node:http (see ../fast-path.ts for what it shares with the other entries); every other request
 * goes to Hono unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Platform } from '@glam/core'
import { answerShortlink, shortlinkSlug } from '../fast-path.ts'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

export function withRedirectFastPath(platform: Platform, listener: Listener): Listener {
  return (req, res) => {
    const slug = shortlinkSlug(req.method, req.url ?? '')
    if (!slug) return listener(req, res)
    const headers = req.headers
    const header = (name: string) => {
      const value = headers[name]
      return Array.isArray(value) ? value.join(', ') : value
    }
    const url = req.url ?? '/'
    void answerShortlink(platform, {
      slug,
      method: req.method!,
      url: url.includes('?') ? `http://${header('host') ?? 'localhost'}${url}` : url,
      header,
    }).then((answer) => {
      if (answer.body !== null) answer.headers['Content-Length'] = String(Buffer.byteLength(answer.body))
      res.writeHead(answer.status, answer.headers)
      res.end(answer.body ?? undefined)
    })
  }
}
