// The portal bench's baselines, in a process of their own: a bare node:http server answering the
// product page's bytes as Glam sent them (what a kept page could cost at best), and a bare Hono
// app on @hono/node-server rendering the same ProductPage with its head and JSON-LD from props
// in memory (what a render could cost at best: no middleware, no SQL, no search).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pageLayout } from '@glam/core'
import { ProductPage, portalStyle } from '@glam/portal/pages'
import { breadcrumbJsonLd, headMarkup, productJsonLd } from '@glam/portal/seo'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

export interface BareFixture {
  html: string
  headers: Record<string, string>
  page: {
    title: string
    props: Parameters<typeof ProductPage>[0]
    head: Parameters<typeof headMarkup>[0]
    product: Parameters<typeof productJsonLd>[0]
    crumbs: { name: string; url: string }[]
  }
}

const fixture = JSON.parse(readFileSync(process.env.BENCH_PORTAL_FIXTURE!, 'utf8')) as BareFixture
const bytes = Buffer.from(fixture.html)
const warm = createServer((_req, res) => {
  res.writeHead(200, { ...fixture.headers, 'Content-Length': String(bytes.length) })
  res.end(bytes)
})

const layout = pageLayout({
  style: portalStyle,
  head: '<link rel="icon" href="/favicon.ico"><script src="/portal.js" defer></script>',
})
const { page } = fixture
const app = new Hono().get('*', (c) => {
  c.header('Cache-Control', fixture.headers['cache-control'] ?? 'public')
  return c.html(
    layout({
      title: page.title,
      lang: page.props.locale,
      body: <ProductPage {...page.props} />,
      head: headMarkup({
        ...page.head,
        jsonLd: [productJsonLd(page.product), breadcrumbJsonLd(page.crumbs)],
      }),
    }),
  )
})

const listening = (server: { address(): AddressInfo | string | null }) =>
  `http://127.0.0.1:${(server.address() as AddressInfo).port}`
warm.listen(0, '127.0.0.1', () => {
  const cold = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
    console.log(JSON.stringify({ warm: listening(warm), cold: listening(cold) }))
  })
  process.on('SIGTERM', () => {
    warm.close()
    cold.close()
    process.exit(0)
  })
})
