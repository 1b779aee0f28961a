/**
 * `GET /a/glam-upload.js`: the `<glam-upload>` element (sources beside this file, bundled into
 * generated.ts). Cached five minutes, not for a year: the address stays the same across releases
 * while the script changes; the ETag (its hash) makes revalidation cheap.
 *
 * ```ts
 * new Hono<AppEnv>().get('/glam-upload.js', serveWidget)
 * ```
 */
import type { AppEnv } from '@glam/core'
import type { Context } from 'hono'
import { widgetSource, widgetVersion } from './generated.ts'

const etag = `"${widgetVersion}"`

export function serveWidget(c: Context<AppEnv>) {
  const headers = {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': 'public, max-age=300',
    ETag: etag,
  }
  const asked = c.req.header('if-none-match')
  if (asked?.split(',').some((tag) => tag.trim() === etag || tag.trim() === `W/${etag}`))
    return c.body(null, 304, headers)
  return c.body(widgetSource, 200, headers)
}
