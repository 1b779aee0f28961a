/** The words of the `/w` pages in German and English, and how they show a product and a price. */
import { formatMoney } from '@glam/commerce/money'
import type { AppEnv } from '@glam/core'
import type { Context } from 'hono'
import { html } from 'hono/html'

export type Locale = 'de' | 'en'

export const words = {
  de: {
    confirmed: 'Alarm bestätigt',
    confirmedText: (p: string) => `Wir melden uns, sobald sich bei „${p}“ etwas tut.`,
    used: 'Dieser Link wurde schon benutzt',
    expired: 'Dieser Link ist abgelaufen',
    replaced: 'Es gibt einen neueren Link',
    invalid: 'Dieser Link ist ungültig',
    invalidText: 'Der Link ist unvollständig oder verändert.',
    newLink: 'Neuen Link schicken',
    sent: 'Neuer Link unterwegs',
    sentText: 'Wenn die Adresse E-Mails empfangen kann, kommt gleich ein neuer Bestätigungslink.',
    unsubscribe: 'Alarm abbestellen',
    unsubscribeAsk: (p: string) => `Keine Nachrichten mehr zu „${p}“?`,
    unsubscribed: 'Abgemeldet',
    unsubscribedText: (p: string) => `Du erhältst keine Alarme mehr zu „${p}“.`,
    unsubscribeDailyAsk: 'Keine tägliche Übersicht mehr an diese Adresse? Das beendet alle täglichen Alarme.',
    unsubscribedDailyText: 'Deine täglichen Alarme sind beendet.',
    lists: 'Deine Merklisten',
    alerts: 'Deine Alarme',
    none: 'Noch nichts.',
    login: 'Bitte melde dich an, um deine Merklisten zu sehen.',
    loginToSave: 'Bitte melde dich an, um Produkte zu merken.',
    loginLink: 'Anmelden',
    shared: 'Geteilte Merkliste',
    shareLink: 'Link zum Teilen',
    remove: 'Entfernen',
    deleteList: 'Liste löschen',
    newList: 'Neue Liste',
    listName: 'Name',
    create: 'Anlegen',
    kinds: { price_drop: 'Preis sinkt', target_price: 'Preis bis', back_in_stock: 'Wieder verfügbar' },
    alertSet: 'Alarm gesetzt',
    alertSetText: (p: string) => `Wir schreiben dir, sobald sich bei „${p}“ etwas tut.`,
    checkInbox: 'Bitte bestätige deine Adresse',
    checkInboxText:
      'Wenn die Adresse E-Mails empfangen kann, ist ein Bestätigungslink unterwegs. Der Alarm startet, sobald du ihn geöffnet hast.',
    notSet: 'Alarm nicht gesetzt',
    back: 'Zurück zum Produkt',
    toLists: 'Zu deinen Merklisten',
    saved: 'Gemerkt',
    daily: 'täglich',
  },
  en: {
    confirmed: 'Alert confirmed',
    confirmedText: (p: string) => `We will tell you as soon as something changes for “${p}”.`,
    used: 'This link was used already',
    expired: 'This link has expired',
    replaced: 'There is a newer link',
    invalid: 'This link is not valid',
    invalidText: 'The link is incomplete or was changed.',
    newLink: 'Send me a new link',
    sent: 'A new link is on its way',
    sentText: 'If the address can receive mail, a new confirmation link arrives shortly.',
    unsubscribe: 'Stop this alert',
    unsubscribeAsk: (p: string) => `No more messages about “${p}”?`,
    unsubscribed: 'Unsubscribed',
    unsubscribedText: (p: string) => `You will get no more alerts about “${p}”.`,
    unsubscribeDailyAsk: 'No more daily digest to this address? This stops every daily alert.',
    unsubscribedDailyText: 'Your daily alerts are stopped.',
    lists: 'Your wishlists',
    alerts: 'Your alerts',
    none: 'Nothing yet.',
    login: 'Log in to see your wishlists.',
    loginToSave: 'Log in to save products.',
    loginLink: 'Log in',
    shared: 'Shared wishlist',
    shareLink: 'Link to share',
    remove: 'Remove',
    deleteList: 'Delete list',
    newList: 'New list',
    listName: 'Name',
    create: 'Create',
    kinds: { price_drop: 'Price drops', target_price: 'Price down to', back_in_stock: 'Back in stock' },
    alertSet: 'Alert set',
    alertSetText: (p: string) => `We will write to you as soon as something changes for “${p}”.`,
    checkInbox: 'Please confirm your address',
    checkInboxText:
      'If the address can receive mail, a confirmation link is on its way. The alert starts once you have opened it.',
    notSet: 'Alert not set',
    back: 'Back to the product',
    toLists: 'To your wishlists',
    saved: 'Saved',
    daily: 'daily',
  },
} as const

/** The language a form names (`locale`), else the browser's (`Accept-Language`), else German. */
export const localeOf = (c: Context<AppEnv>, named?: unknown): Locale =>
  named === 'en' || named === 'de' ? named : c.req.header('accept-language')?.startsWith('en') ? 'en' : 'de'

export const price = (locale: Locale, minor: number, currency: string) =>
  formatMoney(minor, currency, locale === 'de' ? 'de-DE' : 'en-GB')

export const productLine = (
  locale: Locale,
  p:
    | { title: string; priceMinor: number; salePriceMinor: number | null; currency: string }
    | null
    | undefined,
) => (p ? html`${p.title} · ${price(locale, p.salePriceMinor ?? p.priceMinor, p.currency)}` : html`—`)

/** The portal's page of a product (it redirects to the canonical path with the slug). */
export const productPage = (locale: Locale, productId: string) =>
  `${locale === 'en' ? '/en' : ''}/p/${productId}`
