/**
 * The portal's two languages: German at the root, English under `/en`. Every path the portal
 * makes comes from here, so a page links within its own language and names its twin in the
 * other (hreflang).
 */
export type Locale = 'de' | 'en'

export const locales: readonly Locale[] = ['de', 'en']

/** A path in a locale: `/p/…` stays `/p/…` in German, becomes `/en/p/…` in English. */
export const localePath = (locale: Locale, path: string) =>
  locale === 'en' ? `/en${path === '/' ? '' : path}` : path

/** The search page: `/suche` in German, `/en/search` in English. */
export const searchPath = (locale: Locale) => (locale === 'en' ? '/en/search' : '/suche')

export const copy = {
  de: {
    siteName: 'Glam',
    tagline: 'Beauty von den Shops, die du magst',
    search: 'Suchen',
    searchLabel: 'Produkte, Marken, Kategorien',
    searchPlaceholder: 'z. B. Lippenstift, Serum, Wimperntusche',
    featured: 'Neu im Sortiment',
    categories: 'Kategorien',
    brands: 'Marken',
    home: 'Start',
    buy: 'Im Shop kaufen',
    at: (shop: string) => `bei ${shop}`,
    similar: 'Ähnliche Produkte',
    description: 'Beschreibung',
    availability: {
      in_stock: 'Auf Lager',
      out_of_stock: 'Nicht auf Lager',
      preorder: 'Vorbestellbar',
      backorder: 'Nachlieferung',
    },
    inactive: 'Dieses Produkt ist nicht mehr im Sortiment.',
    alert: {
      title: 'Preis- und Verfügbarkeitsalarm',
      price_drop: 'Wenn der Preis sinkt',
      target_price: 'Wenn der Preis höchstens so hoch ist:',
      back_in_stock: 'Wenn es wieder auf Lager ist',
      target: 'Zielpreis',
      email: 'E-Mail (nicht nötig, wenn du angemeldet bist)',
      daily: 'Einmal am Tag gesammelt statt sofort',
      submit: 'Alarm setzen',
      note: 'Du bekommst einen Bestätigungslink; abbestellen geht mit einem Klick.',
      save: 'Merken',
    },
    results: (n: number) => (n === 1 ? '1 Produkt' : `${n.toLocaleString('de-DE')} Produkte`),
    resultsFor: (q: string) => `Ergebnisse für „${q}“`,
    corrected: 'Meintest du',
    noResults: (q: string) => `Keine Treffer für „${q}“`,
    noResultsHelp: [
      'Prüfe die Schreibweise oder versuche ein allgemeineres Wort (z. B. „Creme“ statt „Tagescreme“).',
      'Weniger Filter zeigen mehr Produkte.',
      'Oder stöbere in den Kategorien:',
    ],
    sort: 'Sortieren',
    sorts: {
      relevance: 'Relevanz',
      price_asc: 'Preis aufsteigend',
      price_desc: 'Preis absteigend',
      newest: 'Neueste',
    },
    apply: 'Anwenden',
    filters: 'Filter',
    price: 'Preis',
    shop: 'Shop',
    availabilityFacet: 'Verfügbarkeit',
    removeFilters: 'Alle Filter entfernen',
    next: 'Weitere Produkte',
    first: 'Zur ersten Seite',
    notFound: 'Diese Seite gibt es nicht',
    gone: 'Dieses Produkt gibt es nicht mehr',
    notFoundHelp: 'Vielleicht hilft die Suche oder eine der Kategorien weiter.',
    language: 'English',
    about: 'Über Glam',
    from: 'ab',
    under: 'unter',
  },
  en: {
    siteName: 'Glam',
    tagline: 'Beauty from the shops you love',
    search: 'Search',
    searchLabel: 'Products, brands, categories',
    searchPlaceholder: 'e.g. lipstick, serum, mascara',
    featured: 'New in',
    categories: 'Categories',
    brands: 'Brands',
    home: 'Home',
    buy: 'Buy at the shop',
    at: (shop: string) => `at ${shop}`,
    similar: 'Similar products',
    description: 'Description',
    availability: {
      in_stock: 'In stock',
      out_of_stock: 'Out of stock',
      preorder: 'Pre-order',
      backorder: 'Backorder',
    },
    inactive: 'This product is no longer available.',
    alert: {
      title: 'Price and stock alert',
      price_drop: 'When the price drops',
      target_price: 'When the price is at most:',
      back_in_stock: 'When it is back in stock',
      target: 'Target price',
      email: 'E-mail (not needed when you are logged in)',
      daily: 'Once a day in a digest rather than at once',
      submit: 'Set alert',
      note: 'You get a confirmation link; unsubscribing takes one click.',
      save: 'Save to wishlist',
    },
    results: (n: number) => (n === 1 ? '1 product' : `${n.toLocaleString('en-GB')} products`),
    resultsFor: (q: string) => `Results for “${q}”`,
    corrected: 'Did you mean',
    noResults: (q: string) => `No results for “${q}”`,
    noResultsHelp: [
      'Check the spelling or try a more general word (e.g. “cream” rather than “day cream”).',
      'Fewer filters show more products.',
      'Or browse the categories:',
    ],
    sort: 'Sort',
    sorts: {
      relevance: 'Relevance',
      price_asc: 'Price, low to high',
      price_desc: 'Price, high to low',
      newest: 'Newest',
    },
    apply: 'Apply',
    filters: 'Filters',
    price: 'Price',
    shop: 'Shop',
    availabilityFacet: 'Availability',
    removeFilters: 'Remove all filters',
    next: 'More products',
    first: 'Back to the first page',
    notFound: 'This page does not exist',
    gone: 'This product is gone',
    notFoundHelp: 'The search or one of the categories may help.',
    language: 'Deutsch',
    about: 'About Glam',
    from: 'from',
    under: 'under',
  },
} as const

export type Copy = (typeof copy)[Locale]

/** Formatters by locale and currency, made once (a NumberFormat costs more than many formats). */
const formats = new Map<string, Intl.NumberFormat>()

/** Minor units as the locale writes money: 1999 EUR → `19,99 €` / `€19.99`. */
export function money(minor: number, currency: string, locale: Locale): string {
  try {
    const key = `${locale}:${currency}`
    let format = formats.get(key)
    if (!format) {
      format = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency })
      if (formats.size < 200) formats.set(key, format)
    }
    return format.format(minor / 100)
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`
  }
}
