/**
 * The forms behind the portal's product pages and the member's page `/w/`, all plain HTML forms
 * (no JavaScript needed), answered with a page, never JSON:
 *
 * - `POST /w/alerts { productId, kind, target?, email?, frequency?, locale? }`: the product page's alert form;
 *   a signed-in member's alert is set at once, any other address gets the double opt-in mail
 *   (the same answer, 202, for every address). `target` is a price as people write it (`19,90`,
 *   `19.90 €`), read by the feeds' price parser in the product's currency.
 * - `POST /w/items { productId, locale? }`: "save" on a product page, onto the member's first list
 *   (made when they have none); without a login a page with the way to log in.
 * - On `/w/` (members): `POST /w/lists { name }`, `POST /w/lists/remove { wishlistId }`,
 *   `POST /w/items/remove { wishlistId, productId }`, `POST /w/alerts/remove { alertId }`,
 *   each answered `303` back to `/w/`.
 *
 * Every change of a member comes from Glam's own origin (CSRF); a refusal (bad input, a list
 * that is not theirs, too many requests) is a page with its status and the reason.
 */

import { assertSameOrigin } from '@glam/auth'
import { parsePrice } from '@glam/catalog/price'
import { type AppEnv, GlamError, isGlamError, noticePage } from '@glam/core'
import type { User } from '@glam/db/repositories/users'
import { type Context, Hono } from 'hono'
import { html } from 'hono/html'
import { z } from 'zod'
import { alertInput, placeAlert } from './api.ts'
import { type Locale, localeOf, price, productLine, productPage, words } from './copy.ts'
import { memberOf, requireMember } from './member.ts'
import {
  addToWishlist,
  alertsOf,
  createWishlist,
  defaultWishlist,
  deleteAlert,
  deleteWishlist,
  productOnOffer,
  removeFromWishlist,
  wishlistName,
  wishlistsOf,
} from './service.ts'

type C = Context<AppEnv>
type Form = Record<string, string>

async function formOf(c: C): Promise<Form> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
  return Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v.trim()]] : [])),
  )
}

const loginUrl = (returnTo: string) => `/auth/login?app=portal&returnTo=${encodeURIComponent(returnTo)}`

/** A refusal as a page: the catalogue's status and message, the fields named, a way back. */
function refused(c: C, locale: Locale, error: GlamError, back: string | null) {
  const t = words[locale]
  const details = Array.isArray(error.details) ? (error.details as { path?: string; message?: string }[]) : []
  return noticePage(c, error.status, {
    lang: locale,
    title: t.notSet,
    headers: { ...error.headers, 'X-Error-Code': error.code },
    body: html`<p class="error">${error.message}</p>${
      details.length
        ? html`<ul>${details.map((d) => html`<li>${d.path ? `${d.path}: ` : ''}${d.message ?? ''}</li>`)}</ul>`
        : ''
    }${back ? html`<p><a href="${back}">${t.back}</a></p>` : ''}`,
  })
}

/** Runs a form's work; a GlamError becomes a page, anything else the platform's 500. */
async function answering(c: C, locale: Locale, back: string | null, work: () => Promise<Response>) {
  try {
    return await work()
  } catch (error) {
    if (isGlamError(error)) {
      c.var.log.info('alerts.form_refused', { code: error.code, path: c.req.path })
      return refused(c, locale, error, back)
    }
    throw error
  }
}

/** A member's change, else MEMBER_REQUIRED (and CSRF_REJECTED from another origin). */
async function asMember(c: C): Promise<User> {
  await requireMember(c, async () => {})
  return c.var.member
}

const uuid = z.uuid()
const validation = (path: string, message: string) =>
  new GlamError('VALIDATION_FAILED', 'Some fields are missing or invalid.', { details: [{ path, message }] })

async function alertForm(c: C) {
  const form = await formOf(c)
  const locale = localeOf(c, form.locale)
  const back = uuid.safeParse(form.productId).success ? productPage(locale, form.productId!) : null
  return answering(c, locale, back, async () => {
    const t = words[locale]
    const product = await productOnOffer(c.var.platform, form.productId ?? '')
    let targetPriceMinor: number | undefined
    if (form.kind === 'target_price') {
      if (!form.target) throw validation('target', 'A target price, e.g. 19,90.')
      const parsed = parsePrice(form.target, product.currency)
      if (!parsed.ok) throw validation('target', `${parsed.message}; write it like 19,90`)
      targetPriceMinor = parsed.money.minor
    }
    const input = alertInput.safeParse({
      productId: product.id,
      kind: form.kind,
      locale,
      ...(form.frequency && { frequency: form.frequency }),
      ...(targetPriceMinor !== undefined && { targetPriceMinor }),
      ...(form.email && { email: form.email }),
    })
    if (!input.success)
      throw new GlamError('VALIDATION_FAILED', 'Some fields are missing or invalid.', {
        details: input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      })
    const placed = await placeAlert(c, input.data)
    if (placed.by === 'mail')
      return noticePage(c, 202, {
        lang: locale,
        title: t.checkInbox,
        body: html`<p>${t.checkInboxText}</p><p><a href="${back}">${t.back}</a></p>`,
      })
    return noticePage(c, placed.created ? 201 : 200, {
      lang: locale,
      title: t.alertSet,
      body: html`<p>${t.alertSetText(product.title)}</p><p><a href="/w/">${t.toLists}</a> · <a href="${back}">${t.back}</a></p>`,
    })
  })
}

async function saveForm(c: C) {
  const form = await formOf(c)
  const locale = localeOf(c, form.locale)
  const t = words[locale]
  const back = uuid.safeParse(form.productId).success ? productPage(locale, form.productId!) : null
  const member = await memberOf(c)
  if (!member)
    return noticePage(c, 401, {
      lang: locale,
      title: t.lists,
      body: html`<p>${t.loginToSave}</p><p><a href="${loginUrl(back ?? '/w/')}">${t.loginLink}</a></p>`,
    })
  return answering(c, locale, back, async () => {
    await assertSameOrigin(c)
    const listId = await defaultWishlist(c.var.platform, member, locale)
    await addToWishlist(c.var.platform, member, listId, form.productId ?? '')
    return c.redirect('/w/', 303)
  })
}

/** A change on `/w/`, then back there (303, so a reload does not post again). */
const onMemberPage = (change: (c: C, member: User, form: Form) => Promise<unknown>) => async (c: C) => {
  const form = await formOf(c)
  const locale = localeOf(c, form.locale)
  return answering(c, locale, '/w/', async () => {
    await change(c, await asMember(c), form)
    return c.redirect('/w/', 303)
  })
}

export function createMemberForms() {
  return new Hono<AppEnv>()
    .post('/alerts', alertForm)
    .post('/items', saveForm)
    .post(
      '/lists',
      onMemberPage(async (c, member, form) => {
        const name = wishlistName.safeParse(form.name)
        if (!name.success) throw validation('name', 'A name of 1 to 100 characters.')
        await createWishlist(c.var.platform, member, name.data)
      }),
    )
    .post(
      '/lists/remove',
      onMemberPage((c, member, form) => deleteWishlist(c.var.platform, member, form.wishlistId ?? '')),
    )
    .post(
      '/items/remove',
      onMemberPage((c, member, form) =>
        removeFromWishlist(c.var.platform, member, form.wishlistId ?? '', form.productId ?? ''),
      ),
    )
    .post(
      '/alerts/remove',
      onMemberPage((c, member, form) => deleteAlert(c.var.platform, member, form.alertId ?? '')),
    )
}

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`
const removeButton = (action: string, fields: Record<string, string>, label: string) =>
  html`<form method="post" action="${action}">${Object.entries(fields).map(([k, v]) => hidden(k, v))}<button class="small" type="submit">${label}</button></form>`

/** `/w/`: a signed-in member's lists and alerts, with their forms; else a link to log in. */
export async function memberPage(c: C) {
  const locale = localeOf(c, c.req.query('lang'))
  const t = words[locale]
  const member = await memberOf(c)
  if (!member)
    return noticePage(c, 401, {
      lang: locale,
      title: t.lists,
      body: html`<p>${t.login}</p><p><a href="${loginUrl('/w/')}">${t.loginLink}</a></p>`,
    })
  const { platform } = c.var
  const [lists, alerts] = await Promise.all([wishlistsOf(platform, member), alertsOf(platform, member)])
  const productLink = (id: string, line: ReturnType<typeof productLine>) =>
    html`<a href="${productPage(locale, id)}">${line}</a>`
  return noticePage(c, 200, {
    lang: locale,
    title: t.lists,
    body: html`${lists.length === 0 ? html`<p>${t.none}</p>` : ''}
${lists.map(
  (
    l,
  ) => html`<section><div class="row"><h2>${l.name}</h2>${removeButton('/w/lists/remove', { wishlistId: l.id }, t.deleteList)}</div>
<p class="note">${t.shareLink}: <a href="${l.shareUrl}">${l.shareUrl}</a></p>
<ul class="items">${l.items.map(
    (i) =>
      html`<li class="row"><span>${productLink(i.productId, productLine(locale, i.product))}</span>${removeButton('/w/items/remove', { wishlistId: l.id, productId: i.productId }, t.remove)}</li>`,
  )}</ul></section>`,
)}
<form method="post" action="/w/lists"><fieldset><legend>${t.newList}</legend><label>${t.listName} <input name="name" required maxlength="100"></label> <button type="submit">${t.create}</button></fieldset></form>
<h2>${t.alerts}</h2>
${alerts.length === 0 ? html`<p>${t.none}</p>` : ''}
<ul class="items">${alerts.map(
      (a) =>
        html`<li class="row"><span>${productLink(a.productId, productLine(locale, a.product))} · ${t.kinds[a.kind]}${
          a.targetPriceMinor ? html` ${price(locale, a.targetPriceMinor, a.product?.currency ?? 'EUR')}` : ''
        }${a.frequency === 'daily' ? ` (${t.daily})` : ''}</span>${removeButton('/w/alerts/remove', { alertId: a.id }, t.remove)}</li>`,
    )}</ul>`,
  })
}
