/**
 * The built web apps on the edge: the Workers static assets binding (`[assets]` in
 * wrangler.toml, directory web/dashboard/dist, `html_handling = "none"` so paths are exact).
 * The worker runs first for `/app/*` (`run_worker_first`), so every file goes through the dashboard
 * function: the session check for the page, the same caching headers as on Node.
 */
import type { WebFiles } from '@glam/core'

export interface AssetsBindingLike {
  fetch(request: Request): Promise<Response>
}

const pathPattern = /^(\/[A-Za-z0-9_@-][A-Za-z0-9._@-]*)+$/

export function createAssetsWebFiles(assets: AssetsBindingLike): WebFiles {
  return {
    async get(path) {
      if (!pathPattern.test(path) || path.length > 512) return null
      const res = await assets.fetch(new Request(new URL(path, 'https://assets.invalid')))
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel()
        return null
      }
      const body = res.body
      const size = Number(res.headers.get('content-length'))
      return {
        open: () => body,
        type: res.headers.get('content-type') ?? 'application/octet-stream',
        etag: res.headers.get('etag') ?? `"${path}"`,
        ...(Number.isFinite(size) && size > 0 && { size }),
      }
    },
  }
}
