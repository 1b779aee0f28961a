import { html } from 'hono/html'
import { describe, expect, it } from 'vitest'
import { htmlPage, pageLayout } from './page.ts'

const text = async (markup: ReturnType<typeof htmlPage>) => String(await markup)

describe('the page layout', () => {
  it('writes the shell once: doctype, lang, charset, viewport, metas, title, style, body', async () => {
    const layout = pageLayout({
      title: 'Glam',
      description: 'Links & more',
      robots: 'noindex',
      style: 'b{c:d}',
    })
    const page = await text(layout({ body: html`<main>${'<x>'}</main>` }))
    expect(page.startsWith('<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">')).toBe(true)
    expect(page).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">')
    expect(page).toContain('<meta name="description" content="Links &amp; more">')
    expect(page).toContain('<meta name="robots" content="noindex">')
    expect(page).toContain('<title>Glam</title><style>b{c:d}</style></head>')
    expect(page).toContain('<main>&lt;x&gt;</main>')
    expect(page.trimEnd().endsWith('</body>\n</html>')).toBe(true)
  })

  it("escapes a page's own title, language and nonce", async () => {
    const layout = pageLayout({ style: 'p{}' })
    const page = await text(
      layout({ title: '<script>"x"</script>', lang: 'de"x', nonce: 'n"1', body: html`<p>hi</p>` }),
    )
    expect(page).toContain('<html lang="de&quot;x">')
    expect(page).toContain('<title>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</title>')
    expect(page).toContain('<style nonce="n&quot;1">p{}</style>')
    expect(page).not.toContain('<script>')
  })

  it('takes a body that is still being rendered (a promise of markup)', async () => {
    const page = await text(htmlPage({ title: 'Later', body: Promise.resolve(html`<p>${'a&b'}</p>`) }))
    expect(page).toContain('<title>Later</title>')
    expect(page).toContain('<p>a&amp;b</p>')
  })
})
