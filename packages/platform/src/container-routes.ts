/**
 * Routes only containers (Node, Deno) serve: they need Node APIs that the edge bundle must not
 * carry. Passed to createGlamApp as `containerOnly` by the Node and Deno entries.
 */
import type { AppEnv } from '@glam/core'
import { createQrPngApp } from '@glam/links/qr-png'
import type { Hono } from 'hono'

export function mountContainerOnly(app: Hono<AppEnv>) {
  app.route('/api/links', createQrPngApp())
}
