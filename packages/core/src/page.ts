/**
 * The document shell of every server-rendered page (issue #17): the doctype, `<html lang>`, the
 * charset and viewport, the escaped title, optional description and robots metas, one optional
 * inline style and the body, written here once. Pages keep their own headers (CSP and cache);
 * styles are inline, which every page policy allows (`style-src 'unsafe-inline'`), and a page
 * under a nonce policy passes the nonce along.
 *
 * ```ts
 * const layout = pageLayout({ robots: 'noindex', style: 'body{margin:0}' }) // once, at load
 * return c.html(layout({ title: 'Hello', body: html`<main><h1>Hi</h1></main>` })) // per request
 * ```
 *
 * Built on `hono/html`, so it runs on Node, workerd and Deno without a JSX setup; the body may
 * be `html` markup or a Hono JSX element. What does not change between requests (the metas, the
 * style, a fixed title) is escaped and joined when the layout is made; a page then costs
 * escaping its own title, if it has one, and joining three strings.
 */
import { html, raw } from 'hono/html'
import { escapeToBuffer, type HtmlEscapedString } from 'hono/utils/html'

/** Escaped markup, as `html` templates and Hono JSX elements produce it. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>

/** What a page says in its head: the same on every request. */
export interface PageHead {
  /** The title (escaped), when it is the same on every request; a page's own title wins. */
  title?: string
  /** `<html lang>`, unless the page gives its own; default `en`. */
  lang?: string
  /** `<meta name="description">`. */
  description?: string
  /** `<meta name="robots">`, e.g. `noindex`. */
  robots?: string
  /** CSS for one inline `<style>`: the page's own, trusted text (written as it is). */
  style?: string
  /** Trusted markup at the end of the head (e.g. `<link rel="icon" …>`). */
  head?: string
}

/** What changes per request. */
export interface PageBody {
  /** The document title (escaped); the layout's when omitted. */
  title?: string
  /** Everything inside `<body>`. */
  body: Html
  /** The page's language, for localised pages (else the layout's). */
  lang?: string
  /** The Content-Security-Policy nonce for the inline style, when the page's policy uses one. */
  nonce?: string
  /**
   * Escaped markup for the end of the head that changes per page (canonical and alternate
   * links, Open Graph metas, JSON-LD), as `html` templates or Hono JSX render it.
   */
  head?: string
}

/** Escaped as hono/html escapes template values (the same five entities). */
const escapeHtml = (s: string): string => {
  const buffer: [string] = ['']
  escapeToBuffer(s, buffer)
  return buffer[0]
}

const meta = (name: string, content: string | undefined) =>
  content === undefined ? '' : `<meta name="${name}" content="${escapeHtml(content)}">`

const tail = '</body>\n</html>'

/** A layout: the fixed part of the head joined once, a function of title and body per page. */
export function pageLayout(head: PageHead = {}): (page: PageBody) => Html {
  const defaultLang = escapeHtml(head.lang ?? 'en')
  const metas = `<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${meta('description', head.description)}${meta('robots', head.robots)}<title>`
  const { style } = head
  const rest = `</title>${style === undefined ? '' : `<style>${style}</style>`}${head.head ?? ''}</head>\n<body>`
  const restWith = (nonce: string | undefined, extra: string) =>
    `</title>${style === undefined ? '' : `<style${nonce === undefined ? '' : ` nonce="${escapeHtml(nonce)}"`}>${style}</style>`}${head.head ?? ''}${extra}</head>\n<body>`
  const startOf = (lang: string, title: string, nonce: string | undefined, extra: string | undefined) =>
    `<!doctype html>\n<html lang="${lang}">\n<head>${metas}${title}${nonce === undefined && !extra ? rest : restWith(nonce, extra ?? '')}`
  const defaultTitle = escapeHtml(head.title ?? '')
  // With a fixed title, a page without its own language or nonce costs no escaping at all.
  const fixedStart = startOf(defaultLang, defaultTitle, undefined, undefined)
  return (page) => {
    const start =
      page.title === undefined && page.lang === undefined && page.nonce === undefined && !page.head
        ? fixedStart
        : startOf(
            page.lang === undefined ? defaultLang : escapeHtml(page.lang),
            page.title === undefined ? defaultTitle : escapeHtml(page.title),
            page.nonce,
            page.head,
          )
    const { body } = page
    // An `html` result is a finished string: joined as it is (the redirect path's pages). JSX,
    // promises and render callbacks go through `html`, which resolves them.
    if (body instanceof String && (body as HtmlEscapedString).callbacks === undefined) {
      return raw(start + body.toString() + tail)
    }
    return html`${raw(start)}${body}${raw(tail)}`
  }
}

/** One page with its whole head given at once (for pages rendered rarely; else make a layout once). */
export function htmlPage(page: PageHead & PageBody & { title: string }): Html {
  return pageLayout(page)(page)
}
