/**
 * The portal's sitemaps (sitemaps.org 0.9): `/sitemap.xml` is a sitemap index naming gzip files
 * of at most 50,000 URLs each (`/sitemaps/products-<n>.xml.gz`): the home page and every product
 * on offer, each German address with its English twin as an `xhtml:link` alternate. Written to
 * the blob store by the `portal-sitemaps` job when the catalogue changed (its product count or
 * newest change: after a feed run), at most every ten minutes, and served from there.
 */
import { blobBytes, type Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { productPath } from '@glam/search-api'
import { localePath } from './locale.ts'

export const sitemapPrefix = 'portal/sitemaps/'
export const indexKey = `${sitemapPrefix}index.xml`
const stampKey = `${sitemapPrefix}stamp.txt`
export const fileName = (n: number) => `products-${n}.xml.gz`

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}
/** XML text and attribute escaping (the five entities): addresses are ours, but escaped anyway. */
const xml = (s: string) => s.replace(/[&<>"']/g, (ch) => entities[ch]!)

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

function urlEntry(origin: string, path: string, lastmod: Date | null) {
  const de = `${origin}${path}`
  const en = `${origin}${localePath('en', path)}`
  return `<url><loc>${xml(de)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}<xhtml:link rel="alternate" hreflang="de" href="${xml(de)}"/><xhtml:link rel="alternate" hreflang="en" href="${xml(en)}"/></url>\n`
}

const head =
  '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'

export interface SitemapReport {
  urls: number
  files: number
  skipped?: string
}

/** Writes the sitemaps when the catalogue changed since the last (or always, with `force`). */
export async function writeSitemaps(
  platform: Platform,
  options: { perFile?: number; force?: boolean; page?: number; minAgeMs?: number } = {},
): Promise<SitemapReport> {
  const perFile = Math.min(options.perFile ?? 50_000, 50_000)
  const page = options.page ?? 5_000
  const repos = repositoriesOf(platform)
  const origin = platform.config.publicUrl.replace(/\/+$/, '')
  const stamp = `${await repos.products.stamp()}:${origin}`
  const last = await platform.blobs.get(stampKey)
  const now = platform.clock.now()
  if (!options.force && last) {
    const [writtenAt, lastStamp] = new TextDecoder().decode(await blobBytes(last)).split(' ')
    if (lastStamp === stamp) return { urls: 0, files: 0, skipped: 'the catalogue has not changed' }
    if (now.getTime() - Number(writtenAt) < (options.minAgeMs ?? 0))
      return { urls: 0, files: 0, skipped: 'written less than minAgeMs ago' }
  }
  let files = 0
  let urls = 0
  let body = urlEntry(origin, '/', now)
  let inFile = 1
  const flush = async () => {
    files++
    await platform.blobs.put(`${sitemapPrefix}${fileName(files)}`, await gzip(`${head}${body}</urlset>\n`), {
      contentType: 'application/gzip',
    })
    urls += inFile
    body = ''
    inFile = 0
  }
  let after = ''
  for (;;) {
    const rows = await repos.products.offeredAfter(after, page)
    for (const r of rows) {
      if (inFile >= perFile) await flush()
      body += urlEntry(origin, productPath({ productId: r.id, title: r.title }, 'de'), r.updatedAt)
      inFile++
    }
    if (rows.length < page) break
    after = rows[rows.length - 1]!.id
  }
  await flush()
  const index = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${Array.from(
    { length: files },
    (_, i) =>
      `<sitemap><loc>${xml(`${origin}/sitemaps/${fileName(i + 1)}`)}</loc><lastmod>${now.toISOString()}</lastmod></sitemap>\n`,
  ).join('')}</sitemapindex>\n`
  await platform.blobs.put(indexKey, new TextEncoder().encode(index), { contentType: 'application/xml' })
  // Files beyond the new count (the catalogue shrank) go.
  for (let n = files + 1; await platform.blobs.has(`${sitemapPrefix}${fileName(n)}`); n++)
    await platform.blobs.delete(`${sitemapPrefix}${fileName(n)}`)
  await platform.blobs.put(stampKey, new TextEncoder().encode(`${now.getTime()} ${stamp}`), {
    contentType: 'text/plain',
  })
  platform.logger.info('portal.sitemaps_written', { urls, files })
  return { urls, files }
}
