// The dashboard app's first view: the JavaScript it loads, gzipped (index.html's scripts and
// preloads, and every script the browser fetched until the campaigns table showed), and the
// time to that table in headless Chromium on loopback beside a static page that loads the same
// bundle from a bare node:http file server (no session check, no data): the floor of loading
// and running the code. Alternating, one browser, a warm HTTP cache off (each load is cold).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { startNodeServer } from '@glam/platform/node'
import { generateDemoTraffic } from '@glam/platform/node/demo-traffic'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { logInThroughPage } from '@glam/testing/login'
import { testConfig } from '@glam/testing/platform'
import { repoRoot } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'
import { Parser } from 'htmlparser2'
import { median } from './wrk.ts'

const dist = join(repoRoot, 'web/dashboard/dist')
const firstView = 'main table tbody tr'

/** The scripts and styles index.html names (script src, modulepreload and stylesheet links). */
function entryFiles(html: string) {
  const files: { path: string; kind: 'script' | 'style' }[] = []
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'script' && attrs.src) files.push({ path: attrs.src, kind: 'script' })
      if (name === 'link' && attrs.rel === 'modulepreload' && attrs.href)
        files.push({ path: attrs.href, kind: 'script' })
      if (name === 'link' && attrs.rel === 'stylesheet' && attrs.href)
        files.push({ path: attrs.href, kind: 'style' })
    },
  })
  parser.write(html)
  parser.end()
  return files
}

const gzipped = (bytes: Buffer | Uint8Array) => gzipSync(bytes).length

export async function dashboardBench({ rounds = Number(process.env.BENCH_DASHBOARD_ROUNDS ?? 15) } = {}) {
  if (!requireTool(hasChromium(), 'Chromium (Debian package chromium)')) return undefined
  const indexHtml = readFileSync(join(dist, 'app/index.html'), 'utf8')
  const entries = entryFiles(indexHtml)
  const entryScripts = entries.filter((e) => e.kind === 'script')
  const entryJsGzip = entryScripts.reduce((sum, e) => sum + gzipped(readFileSync(join(dist, e.path))), 0)
  const cssGzip = entries
    .filter((e) => e.kind === 'style')
    .reduce((sum, e) => sum + gzipped(readFileSync(join(dist, e.path))), 0)

  // The static floor: the same <script>/<link> tags in a page of their own, files from disk.
  const staticPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static</title>${entries
    .map((e) =>
      e.kind === 'style'
        ? `<link rel="stylesheet" href="${e.path}">`
        : `<script type="module" src="${e.path}"></script>`,
    )
    .join('')}</head><body><div id="app"></div></body></html>`
  const bare = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/static.html') return res.writeHead(200, { 'content-type': 'text/html' }).end(staticPage)
    if (path.startsWith('/app/assets/') && !path.includes('..')) {
      try {
        const body = readFileSync(join(dist, path))
        const type = path.endsWith('.css') ? 'text/css' : 'text/javascript'
        return res.writeHead(200, { 'content-type': type }).end(body)
      } catch {}
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND"}}')
  })
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`

  // Glam as `npm start` runs it (development, the embedded chDB), 30 days of demo traffic.
  const server = await startNodeServer(
    testConfig({
      GLAM_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      GLAM_SCHEDULER: 'false',
      GLAM_DEMO_TRAFFIC_DAYS: '0',
    }),
  )
  await generateDemoTraffic(server.platform, { days: 30, now: new Date() })
  await server.platform.events.flush()
  const glamUrl = `http://127.0.0.1:${server.port}`
  const browser = await launchChromium()
  try {
    const context = await browser.newContext()
    const page = await context.newPage()
    await logInThroughPage(page, glamUrl, 'client@demo.glam', '/app/')
    await page.waitForSelector(firstView)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    // Every script the first view fetched (entry, preloads, chunks it imported on the way), read
    // on one cold load before the timed ones.
    const loaded = new Map<string, Promise<number>>()
    const onResponse = (res: import('playwright-core').Response) => {
      if (res.request().resourceType() === 'script')
        loaded.set(new URL(res.url()).pathname, res.body().then(gzipped))
    }
    page.on('response', onResponse)
    await page.goto(`${glamUrl}/app/`)
    await page.waitForSelector(firstView)
    await page.waitForLoadState('networkidle')
    const sizes = await Promise.all(loaded.values())
    page.off('response', onResponse)
    // Times from the navigation's start, read in the page: the app's `glam:first-data` mark
    // (the first report on screen) and its first paint of the shell; the static page's load
    // event (its script has run). No polling by the test tool in the figures.
    const glam: number[] = []
    const shell: number[] = []
    const floor: number[] = []
    const inPage = (expression: string) => page.evaluate(expression) as Promise<number>
    for (let round = 0; round < rounds; round++) {
      await page.goto(`${glamUrl}/app/`)
      await page.waitForSelector(firstView)
      await page.waitForFunction("performance.getEntriesByName('glam:first-data').length > 0")
      glam.push(await inPage("performance.getEntriesByName('glam:first-data')[0].startTime"))
      shell.push(await inPage("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN"))
      await page.goto(`${bareUrl}/static.html`, { waitUntil: 'load' })
      floor.push(await inPage("performance.getEntriesByType('navigation')[0].loadEventEnd"))
    }
    const firstViewJsGzip = sizes.reduce((sum, n) => sum + n, 0)
    const result = {
      entryScripts: entryScripts.length,
      entryJsGzipKb: Math.round(entryJsGzip / 102.4) / 10,
      firstViewScripts: loaded.size,
      firstViewJsGzipKb: Math.round(firstViewJsGzip / 102.4) / 10,
      cssGzipKb: Math.round(cssGzip / 102.4) / 10,
      firstViewMs: Math.round(median(glam) * 10) / 10,
      firstPaintMs: Math.round(median(shell) * 10) / 10,
      staticPageMs: Math.round(median(floor) * 10) / 10,
      ratio: Math.round((median(glam) / median(floor)) * 100) / 100,
      rounds,
    }
    console.log(
      `dashboard: first view JS ${result.firstViewJsGzipKb} KB gzipped in ${result.firstViewScripts} scripts (aim < 150 KB; CSS ${result.cssGzipKb} KB); ` +
        `first paint ${result.firstPaintMs} ms, first view with its data ${result.firstViewMs} ms vs static page ${result.staticPageMs} ms = ${result.ratio}× (aim ≤ 2×), median of ${rounds}`,
    )
    return result
  } finally {
    await browser.close()
    bare.close()
    await server.shutdown('bench')
  }
}
