/**
 * A newsletter's body: Markdown written by staff, rendered with markdown-it (raw HTML off, so a
 * body cannot carry scripts or styles; markdown-it's own link check refuses `javascript:`,
 * `data:` and co.; bare URLs become links). Every http(s) link can be rewritten on the way
 * (to its tracked shortlink); the text part is made from the same tokens, each link written as
 * `text (url)`.
 *
 * ```ts
 * const { html, text } = renderMarkdown(body, { href: (url) => tracked.get(url) ?? url })
 * linksOf(body) // ['https://shop.example/serum', …] in order, each once
 * ```
 */
import MarkdownIt, { type Token } from 'markdown-it'

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })

const isWeb = (href: string) => /^https?:\/\//i.test(href)
const hrefOf = (t: Token): string | null => {
  const value = t.attrGet('href')
  return typeof value === 'string' ? value : null
}

/** The body's http(s) links, in order, each once. */
export function linksOf(markdown: string): string[] {
  const seen = new Set<string>()
  const walk = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      if (token.type === 'link_open') {
        const href = hrefOf(token)
        if (href && isWeb(href)) seen.add(href)
      }
      if (token.children) walk(token.children)
    }
  }
  walk(md.parse(markdown, {}))
  return [...seen]
}

function textOf(tokens: readonly Token[], href: (url: string) => string): string {
  const blocks: string[] = []
  let line = ''
  let prefix = ''
  const inline = (children: readonly Token[]) => {
    let out = ''
    let link: { href: string; start: number } | undefined
    for (const t of children) {
      if (t.type === 'text' || t.type === 'code_inline') out += t.content
      else if (t.type === 'softbreak' || t.type === 'hardbreak') out += '\n'
      else if (t.type === 'link_open') {
        const target = hrefOf(t) ?? ''
        link = { href: isWeb(target) ? href(target) : target, start: out.length }
      } else if (t.type === 'link_close' && link) {
        const label = out.slice(link.start)
        // A bare URL written as a link shows the tracked address once, not twice.
        if (t.markup === 'linkify') out = `${out.slice(0, link.start)}${link.href}`
        else if (label !== link.href) out += ` (${link.href})`
        link = undefined
      } else if (t.type === 'image') out += t.content
    }
    return out
  }
  for (const token of tokens) {
    if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') prefix = '- '
    else if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') prefix = ''
    else if (token.type === 'inline') line = inline(token.children ?? [])
    else if (token.type === 'paragraph_close' || token.type === 'heading_close') {
      blocks.push(token.type === 'heading_close' ? line.toUpperCase() : `${prefix}${line}`)
      line = ''
    } else if (token.type === 'fence' || token.type === 'code_block') blocks.push(token.content.trimEnd())
    else if (token.type === 'hr') blocks.push('---')
  }
  return blocks.join('\n\n')
}

/** HTML and text of a body, every http(s) link through `href`. */
export function renderMarkdown(
  markdown: string,
  options: { href?: (url: string) => string } = {},
): { html: string; text: string } {
  const href = options.href ?? ((url: string) => url)
  const tokens = md.parse(markdown, {})
  const rewrite = (list: readonly Token[]) => {
    for (const t of list) {
      if (t.type === 'link_open') {
        const target = hrefOf(t)
        if (target && isWeb(target)) t.attrSet('href', href(target))
        t.attrSet('style', 'color:#222')
      }
      if (t.children) rewrite(t.children)
    }
  }
  const text = textOf(tokens, href)
  rewrite(tokens)
  return { html: md.renderer.render(tokens, md.options, {}), text }
}
