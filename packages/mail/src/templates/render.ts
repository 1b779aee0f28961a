/**
 * Typed mail templates: each renders a subject, a text part and an HTML part per locale.
 * HTML goes through hono/html's `html` tag, which escapes every interpolated value; text
 * parts take values as they are, with line breaks folded out of one-line values.
 *
 * ```ts
 * const mail = composeMail(loginCodeMail, { code: '482913', minutes: 10 }, { to, locale: 'de' })
 * await platform.mailer.send(mail)
 * ```
 */
import type { MailMessage } from '@glam/core'
import type { HtmlEscapedString } from 'hono/utils/html'

export type Locale = 'de' | 'en'
export const locales: readonly Locale[] = ['de', 'en']

/** What one template renders for one locale. */
export interface MailContent {
  subject: string
  text: string
  html: HtmlEscapedString | Promise<HtmlEscapedString>
}

export interface MailTemplate<P> {
  /** Also the Mailgun tag, for statistics per template. */
  name: string
  render(params: P, locale: Locale, extras: { unsubscribeUrl?: string }): MailContent
}

/** One-click unsubscribe (RFC 8058) and/or a mailto address, for `List-Unsubscribe`. */
export interface Unsubscribe {
  url?: string
  mailto?: string
}

export interface RenderOptions {
  locale: Locale
  unsubscribe?: Unsubscribe
  /** More tags besides the template's name (Mailgun keeps three in all). */
  tags?: string[]
}

export type RenderedMail = Omit<MailMessage, 'to'> & {
  html: string
  tags: string[]
  headers: Record<string, string>
}

export const defineTemplate = <P>(template: MailTemplate<P>) => template

/** Collapses whitespace (line breaks included) and trims: for names and titles inside lines. */
export const oneLine = (value: string, max = 200) => value.replace(/\s+/g, ' ').trim().slice(0, max)

/** Throws unless `value` is an absolute http(s) URL: links in mails never carry `javascript:` and co. */
export function webUrl(value: string, what: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`${what} must be an absolute URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`${what} must be http(s)`)
  if (url.username || url.password) throw new TypeError(`${what} must not carry credentials`)
  return url.href
}

const loopbackHttp = (url: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url)

export function listUnsubscribeHeaders(unsubscribe: Unsubscribe): Record<string, string> {
  const targets: string[] = []
  const url = unsubscribe.url === undefined ? undefined : webUrl(unsubscribe.url, 'unsubscribe.url')
  if (url) targets.push(`<${url}>`)
  if (unsubscribe.mailto !== undefined) {
    if (!/^[^\s@<>,;:"]+@[^\s@<>,;:"]+\.[^\s@<>,;:"]+$/.test(unsubscribe.mailto)) {
      throw new TypeError('unsubscribe.mailto must be a plain address')
    }
    targets.push(`<mailto:${unsubscribe.mailto}?subject=unsubscribe>`)
  }
  if (targets.length === 0) throw new TypeError('unsubscribe needs a url or a mailto address')
  const headers: Record<string, string> = { 'List-Unsubscribe': targets.join(', ') }
  // One-click (RFC 8058) needs an https URL that accepts a POST without further steps (http is
  // allowed on loopback only: a development server's mail in the outbox shows the same headers).
  if (url && (url.startsWith('https:') || loopbackHttp(url)))
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
  return headers
}

export function renderMail<P>(template: MailTemplate<P>, params: P, options: RenderOptions): RenderedMail {
  if (!locales.includes(options.locale)) throw new TypeError(`unknown locale ${String(options.locale)}`)
  const headers = options.unsubscribe ? listUnsubscribeHeaders(options.unsubscribe) : {}
  const unsubscribeUrl = options.unsubscribe?.url && webUrl(options.unsubscribe.url, 'unsubscribe.url')
  const content = template.render(params, options.locale, unsubscribeUrl ? { unsubscribeUrl } : {})
  if (content.html instanceof Promise)
    throw new TypeError(`template ${template.name} rendered asynchronously`)
  return {
    subject: oneLine(content.subject, 300),
    text: content.text,
    html: content.html.toString(),
    tags: [template.name, ...(options.tags ?? [])],
    headers,
  }
}

export function composeMail<P>(
  template: MailTemplate<P>,
  params: P,
  options: RenderOptions & { to: string },
): MailMessage {
  return { to: options.to, ...renderMail(template, params, options) }
}
