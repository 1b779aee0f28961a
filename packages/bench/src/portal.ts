// The shopper portal's pages (`BENCH_ONLY=portal`): a product page and a search page of a
// 500-product generated feed, warm (the kept page: the page cache's hit) and cold (servers with
// GLAM_PORTAL_PAGE_CACHE=false: every request renders, SQL, the search port, JSX), on Node and on workerd
// (Miniflare), beside baselines doing the same work bare (bare-portal.tsx): a node:http server
// answering the same bytes, a Hono app rendering the same ProductPage from props in memory, and
// a bare worker answering the same bytes. Alternating rounds, the same wrk and connections.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { gzipSync } from 'node:zlib'
import { demo } from '@glam/db'
import { slugOf } from '@glam/portal/catalogue'
import type { Card } from '@glam/portal/pages'
import { catalogueCsv, type GeneratedProduct, generateCatalogue } from '@glam/search/testing/catalogue'
import { compatibilityDate, repoRoot, startNodeRuntime, startWorkerdRuntime } from '@glam/testing/runtimes'
import type { BareFixture } from './bare-portal.tsx'
import { type LoadResult, runWrk, summarize } from './wrk.ts'

const [aimWarmVsBare, aimColdVsBare, aimGzipKb] = [0.7, 3, 50]
const admin = { authorization: 'Bearer glam_dev_admin' }
const dir = mkdtempSync(join(tmpdir(), 'glam-bench-portal-'))

type Hit = Card

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** A wrk script that asks for a URL nobody asked for before: `?r=<run>-<n>` on the path. */
function coldScript(path: string) {
  const file = join(dir, `cold-${Math.random().toString(36).slice(2)}.lua`)
  const sep = path.includes('?') ? '&' : '?'
  writeFileSync(
    file,
    `local n = 0
local run = "${Math.random().toString(36).slice(2)}"
request = function()
  n = n + 1
  return wrk.format("GET", "${path}${sep}r=" .. run .. "-" .. n)
end
`,
  )
  return file
}

const jsonLdOf = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map(
    (m) => JSON.parse(m[1]!) as Record<string, unknown>,
  )

async function startBare(fixture: BareFixture) {
  const file = join(dir, 'fixture.json')
  writeFileSync(file, JSON.stringify(fixture))
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/bench/src/bare-portal.tsx'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_PORTAL_FIXTURE: file },
  })
  const urls = await new Promise<{ warm: string; cold: string }>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)))
  })
  return { ...urls, stop: async () => void child.kill('SIGTERM') }
}

async function startBareWorker(html: string, headers: Record<string, string>) {
  const { Miniflare } = await import('miniflare')
  const mf = new Miniflare({
    modules: true,
    compatibilityDate,
    cf: false,
    script: `const body = ${JSON.stringify(html)}; const headers = ${JSON.stringify(headers)};
export default { fetch() { return new Response(body, { headers }) } }`,
  })
  return { url: (await mf.ready).href.replace(/\/$/, ''), stop: () => mf.dispose() }
}

const keptHeaders = (res: Response) =>
  Object.fromEntries(
    ['content-type', 'cache-control', 'cache-tag', 'content-language', 'etag']
      .map((k) => [k, res.headers.get(k)] as const)
      .filter((e): e is [string, string] => e[1] !== null),
  )

/** The feed: 500 generated products in the demo shop, imported as a feed run would. */
async function importFeed(url: string, products: GeneratedProduct[]) {
  const created = await json<{ id: string }>(
    await fetch(`${url}/api/feeds`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ shopId: demo.shopId, name: 'Bench feed' }),
    }),
  )
  const report = await json<{ outcome: string }>(
    await fetch(`${url}/api/feeds/${created.id}/import`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/csv' },
      body: catalogueCsv(products),
    }),
  )
  if (report.outcome !== 'IMPORTED') throw new Error(`feed import: ${JSON.stringify(report).slice(0, 500)}`)
  await json(await fetch(`${url}/api/search/sync`, { method: 'POST', headers: admin }))
}

/** The same products in the worker's D1 (feeds run in containers), then its search-sync. */
async function seedWorker(
  worker: Awaited<ReturnType<typeof startWorkerdRuntime>>,
  products: GeneratedProduct[],
) {
  await fetch(`${worker.url}/healthz`) // the worker seeds its demo data before its first request
  const d1 = (await worker.d1()) as unknown as {
    prepare(q: string): { bind(...values: unknown[]): unknown }
    batch(statements: unknown[]): Promise<unknown>
  }
  const at = Date.now() - 10 * 60_000
  const statement = d1.prepare(
    `insert into products (id, shop_id, sku, title, brand, url, image_url, price_minor, sale_price_minor, currency,
       availability, description, description_text, taxonomy_id, seen_at, created_at, updated_at)
     values (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?1, ?1, ?1)`,
  )
  for (let i = 0; i < products.length; i += 100)
    await d1.batch(
      products
        .slice(i, i + 100)
        .map((p, j) =>
          statement.bind(
            at,
            `0195f000-0000-7000-8000-${String(i + j).padStart(12, '0')}`,
            demo.shopId,
            `BENCH-${i + j}`,
            p.title,
            p.brand ?? null,
            p.url,
            p.imageUrl ?? null,
            p.priceMinor,
            p.salePriceMinor ?? null,
            p.currency,
            p.availability,
            p.description ?? null,
            p.categoryId ?? null,
          ),
        ),
    )
  const result = await worker.scheduled('* * * * *')
  if (result.outcome !== 'ok') throw new Error(`scheduled: ${result.outcome}`)
}

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(44)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms   errors ${r.errors}`

export async function portalBench({ seconds, rounds }: { seconds: number; rounds: number }) {
  // A feed needs an image link on every row: the generated ones without are left out.
  const products = [...generateCatalogue({ size: 560, seed: 11 })].filter((p) => p.imageUrl).slice(0, 500)
  const env = {
    GLAM_ENV: 'development',
    LOG_LEVEL: 'warn',
    GLAM_EVENTS: 'memory',
    GLAM_SCHEDULER: 'false',
    GLAM_SEARCH_RATE_LIMIT: '100000',
  }
  // Warm cases on servers that keep pages; cold ones on servers with the page cache off, so
  // every request renders (SQL, the search port, JSX) as a page's first request does.
  const cold = { ...env, GLAM_PORTAL_PAGE_CACHE: 'false' }
  const node = await startNodeRuntime(env)
  const worker = await startWorkerdRuntime(env)
  const coldNode = await startNodeRuntime(cold)
  const coldWorker = await startWorkerdRuntime(cold)
  const stops: (() => Promise<void>)[] = [
    () => node.stop(),
    () => worker.stop(),
    () => coldNode.stop(),
    () => coldWorker.stop(),
  ]
  try {
    await importFeed(node.url, products)
    await importFeed(coldNode.url, products)
    await seedWorker(worker, products)
    await seedWorker(coldWorker, products)
    const query = 'lippenstift'
    const searchPath = `/suche?q=${query}`
    const productOf = async (url: string) => {
      const { hits } = await json<{ hits: Hit[] }>(await fetch(`${url}/api/search?q=${query}&limit=1`))
      if (!hits[0]) throw new Error(`${url}: no product for ${query}`)
      return hits[0]
    }
    const hit = await productOf(node.url)
    const workerHit = await productOf(worker.url)
    // The same product on the cold server (its ids are its own; the worker's are fixed).
    const coldHit = (
      await json<{ hits: Hit[] }>(
        await fetch(`${coldNode.url}/api/search?q=${encodeURIComponent(hit.title)}&limit=20`),
      )
    ).hits.find((h) => h.title === hit.title)
    if (!coldHit) throw new Error(`the cold server has no ${hit.title}`)
    const page = await fetch(`${node.url}${hit.link}`)
    const html = await page.text()
    if (page.status !== 200) throw new Error(`${hit.link}: ${page.status}`)
    const workerPage = await fetch(`${worker.url}${workerHit.link}`)
    const workerHtml = await workerPage.text()

    // The bare render's props: the product as the feed had it, the page's own breadcrumbs, and
    // the similar products the app lists (the same category, from the search API).
    const generated = products.find((p) => p.title === hit.title)
    if (!generated) throw new Error(`not in the feed: ${hit.title}`)
    const [productLd, crumbLd] = jsonLdOf(html) as [
      { url?: string; offers?: { url?: string } },
      { itemListElement: { name: string; item: string }[] },
    ]
    const crumbs = crumbLd.itemListElement.map((c) => ({ name: c.name, url: c.item }))
    const origin = new URL(crumbs[0]!.url).origin
    const similar = (
      await json<{ hits: Hit[] }>(
        await fetch(`${node.url}/api/search?category=${generated.categoryId}&limit=7`),
      )
    ).hits
      .filter((h) => h.productId !== hit.productId)
      .slice(0, 6)
    const fixture: BareFixture = {
      html,
      headers: keptHeaders(page),
      page: {
        title: `${hit.brand ? `${hit.brand} ` : ''}${hit.title} · Glam`,
        props: {
          locale: 'de',
          path: hit.link,
          product: {
            id: hit.productId,
            title: hit.title,
            brand: hit.brand,
            brandHref: hit.brand ? `/b/${slugOf(hit.brand)}` : null,
            description: generated.description ?? null,
            priceMinor: hit.priceMinor,
            salePriceMinor: hit.salePriceMinor,
            currency: hit.currency,
            availability: hit.availability as 'in_stock',
            imageUrl: hit.imageUrl,
            shopName: 'Demo Shop',
          },
          offered: true,
          crumbs: crumbs.map((c) => ({ name: c.name, href: new URL(c.url).pathname })),
          buyHref: `${hit.link}/buy`,
          similar,
        },
        head: {
          path: hit.link,
          locale: 'de',
          origin,
          title: hit.title,
          description: generated.description?.slice(0, 160) ?? hit.title,
          image: hit.imageUrl,
          type: 'product',
          noindex: false,
        },
        product: {
          title: hit.title,
          url: productLd.offers?.url ?? productLd.url ?? `${origin}${hit.link}`,
          description: generated.description ?? null,
          brand: hit.brand,
          image: hit.imageUrl,
          sku: generated.productId,
          gtin: generated.gtin ?? null,
          priceMinor: hit.salePriceMinor ?? hit.priceMinor,
          currency: hit.currency,
          availability: hit.availability as 'in_stock',
          offered: true,
          shopName: 'Demo Shop',
        },
        crumbs,
      },
    }
    const bare = await startBare(fixture)
    stops.push(bare.stop)
    const bareWorker = await startBareWorker(workerHtml, keptHeaders(workerPage))
    stops.push(bareWorker.stop)
    const bareCold = await fetch(`${bare.cold}${hit.link}`)
    const bareHtml = await bareCold.text()

    /** A case whose every request is a URL of its own (`?r=`), on `base`. */
    const rendered = (base: string, path: string) => ({
      url: `${base}${path}`,
      script: () => coldScript(path),
    })
    const cases: Record<string, { url: string; script?: () => string }> = {
      'bare node:http (same bytes)': { url: `${bare.warm}${hit.link}` },
      'glam node product, kept (warm)': { url: `${node.url}${hit.link}` },
      'bare hono render (props in memory)': rendered(bare.cold, hit.link),
      'glam node product, rendered (cold)': rendered(coldNode.url, coldHit.link),
      'glam node search, kept (warm)': { url: `${node.url}${searchPath}` },
      'glam node search, rendered (cold)': rendered(coldNode.url, searchPath),
      'bare worker (same bytes)': { url: `${bareWorker.url}${workerHit.link}` },
      'glam worker product, kept (warm)': { url: `${worker.url}${workerHit.link}` },
      'glam worker product, rendered (cold)': rendered(coldWorker.url, workerHit.link),
      'glam worker search, kept (warm)': { url: `${worker.url}${searchPath}` },
      'glam worker search, rendered (cold)': rendered(coldWorker.url, searchPath),
    }
    // Warm cases start kept; every server has run each of its cases once (JIT, lazy loads)
    // before the rounds that count.
    for (const { url, script } of Object.values(cases)) {
      if (!script) await (await fetch(url)).arrayBuffer()
      await runWrk(url, { seconds: 2, connections: 50, ...(script && { script: script() }) })
    }
    const runs: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
    console.log(
      `\nportal pages (${products.length} products; product ${hit.link}, search ${searchPath}), wrk -t1 -c50 -d${seconds}s, ${rounds} alternating rounds`,
    )
    for (let i = 0; i < rounds; i++) {
      for (const [name, c] of Object.entries(cases)) {
        for (const server of [node, worker, coldNode, coldWorker]) server.output.length = 0
        const r = await runWrk(c.url, { seconds, connections: 50, ...(c.script && { script: c.script() }) })
        runs[name]!.push(r)
        console.log(row(`round ${i + 1} ${name}`, r))
      }
    }
    const summary = summarize(runs)
    console.log('\nmedians')
    for (const [name, r] of Object.entries(summary)) console.log(row(name, r))
    const rps = (name: string) => summary[name]!.requestsPerSecond
    const warmVsBare = rps('glam node product, kept (warm)') / rps('bare node:http (same bytes)')
    const coldVsBare = rps('bare hono render (props in memory)') / rps('glam node product, rendered (cold)')
    const workerWarmVsBare = rps('glam worker product, kept (warm)') / rps('bare worker (same bytes)')
    const gzipKb = gzipSync(html).length / 1024
    const sizes = {
      productHtmlKb: Number((Buffer.byteLength(html) / 1024).toFixed(1)),
      productGzipKb: Number(gzipKb.toFixed(1)),
      bareRenderHtmlKb: Number((Buffer.byteLength(bareHtml) / 1024).toFixed(1)),
    }
    console.log(
      `product page: ${sizes.productHtmlKb} KB of HTML, ${sizes.productGzipKb} KB gzipped (aim < ${aimGzipKb} KB: ${gzipKb < aimGzipKb ? 'met' : 'missed'}); the bare render's ${sizes.bareRenderHtmlKb} KB`,
    )
    console.log(
      `node: a kept product page at ${(warmVsBare * 100).toFixed(0)}% of bare node:http with the same bytes (aim ≥ ${aimWarmVsBare * 100}%: ${warmVsBare >= aimWarmVsBare ? 'met' : 'missed'}); rendering costs ${coldVsBare.toFixed(2)}× the bare Hono render (aim ≤ ${aimColdVsBare}×: ${coldVsBare <= aimColdVsBare ? 'met' : 'missed'})`,
    )
    console.log(
      `workerd: a kept product page at ${(workerWarmVsBare * 100).toFixed(0)}% of a bare worker with the same bytes; rendered ${rps('glam worker product, rendered (cold)').toFixed(0)} req/s`,
    )
    return { summary, warmVsBare, coldVsBare, workerWarmVsBare, sizes }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {})
  }
}
