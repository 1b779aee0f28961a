// The normalisers one by one: prices to exact decimals, availability and condition spellings,
// URLs, GTIN check digits, HTML descriptions to plain text, header names to fields.
import { describe, expect, it } from 'vitest'
import { compact, detectMapping, mapColumns } from './mapping.ts'
import { parsePrice } from './price.ts'
import { availabilityOf, conditionOf, isGtin, plainText, urlProblem } from './values.ts'

const amount = (input: unknown, column?: string) => {
  const r = parsePrice(input, column)
  return r.ok ? `${r.money.amount} ${r.money.currency} (${r.money.minor})` : r.reason
}

describe('prices', () => {
  it.each([
    ['12,99', 'EUR', '12.99 EUR (1299)'],
    ['1.249,00', 'EUR', '1249.00 EUR (124900)'],
    ['1,249.00 USD', undefined, '1249.00 USD (124900)'],
    ['12.99 EUR', undefined, '12.99 EUR (1299)'],
    ['EUR 12.99', undefined, '12.99 EUR (1299)'],
    ['12.99EUR', undefined, '12.99 EUR (1299)'],
    ['1 249,50', 'EUR', '1249.50 EUR (124950)'],
    ["1'249.50 CHF", undefined, '1249.50 CHF (124950)'],
    ['1.249', 'EUR', '1249.00 EUR (124900)'],
    ['0.995', 'EUR', 'INVALID_PRICE'],
    ['12,-', 'EUR', '12.00 EUR (1200)'],
    ['12. EUR', undefined, '12.00 EUR (1200)'],
    ['12.5', 'EUR', '12.50 EUR (1250)'],
    ['.99', 'EUR', '0.99 EUR (99)'],
    ['1.000.000', 'EUR', '1000000.00 EUR (100000000)'],
    ['12,99 €', 'EUR', '12.99 EUR (1299)'],
    ['1250 JPY', undefined, '1250.00 JPY (1250)'],
    ['12.345 KWD', undefined, '12.345 KWD (12345)'],
    ['12,345 KWD', undefined, '12.345 KWD (12345)'],
    ['1.249 EUR', undefined, '1249.00 EUR (124900)'],
    ['0,345 KWD', undefined, '0.345 KWD (345)'],
    [{ value: 24.5, currency: 'EUR' }, undefined, '24.50 EUR (2450)'],
    [{ value: 1.249, currency: 'EUR' }, undefined, 'INVALID_PRICE'],
    [{ value: 1.2, currency: 'EUR' }, undefined, '1.20 EUR (120)'],
    [{ amount: '19,99', currency: 'EUR' }, undefined, '19.99 EUR (1999)'],
    [{ value: 24.5 }, 'EUR', '24.50 EUR (2450)'],
    ['1250 JPY', undefined, '1250.00 JPY (1250)'],
  ])('%j with currency %s is %s', (input, column, expected) => {
    expect(amount(input, column)).toBe(expected)
  })

  it.each([
    ['12.99 EURO', undefined, 'INVALID_CURRENCY'],
    ['12.99 DM', undefined, 'INVALID_CURRENCY'],
    ['€12.99', undefined, 'INVALID_CURRENCY'],
    ['12.99 eur', undefined, 'INVALID_CURRENCY'],
    ['12.99', undefined, 'INVALID_CURRENCY'],
    ['12.99', '€', 'INVALID_CURRENCY'],
    ['12.99 USD', 'EUR', 'INVALID_CURRENCY'],
    ['12.99 XAU', undefined, 'INVALID_CURRENCY'],
    ['abc', 'EUR', 'INVALID_PRICE'],
    ['12.99.99', 'EUR', 'INVALID_PRICE'],
    ['12x99 EUR', undefined, 'INVALID_PRICE'],
    ['1,2,3.4', 'EUR', 'INVALID_PRICE'],
    ['EUR 12.99 EUR', undefined, 'INVALID_PRICE'],
    ['1e5 EUR', undefined, 'INVALID_PRICE'],
    [{ currency: 'EUR' }, undefined, 'INVALID_PRICE'],
    ['0', 'EUR', 'NON_POSITIVE_PRICE'],
    ['-5.00 EUR', undefined, 'NON_POSITIVE_PRICE'],
    ['0.004 EUR', undefined, 'INVALID_PRICE'],
    ['100.5 JPY', undefined, 'INVALID_PRICE'],
    ['12.99 EUR inkl. MwSt.', undefined, 'INVALID_PRICE'],
    [0.1 + 0.2, 'EUR', 'INVALID_PRICE'],
    [{ value: -1, currency: 'EUR' }, undefined, 'NON_POSITIVE_PRICE'],
    ['99999999999999999 EUR', undefined, 'INVALID_PRICE'],
  ])('%j with currency %s is %s', (input, column, expected) => {
    expect(amount(input, column)).toBe(expected)
  })
})

describe('enumerations', () => {
  it.each([
    ['in stock', 'in_stock'],
    ['in_stock', 'in_stock'],
    ['IN STOCK', 'in_stock'],
    [' In_Stock ', 'in_stock'],
    ['instock', 'in_stock'],
    ['https://schema.org/InStock', 'in_stock'],
    ['lieferbar', 'in_stock'],
    ['Auf Lager', 'in_stock'],
    ['auf_lager', 'in_stock'],
    ['vorrätig', 'in_stock'],
    ['out of stock', 'out_of_stock'],
    ['out_of_stock', 'out_of_stock'],
    ['nicht lieferbar', 'out_of_stock'],
    ['Ausverkauft', 'out_of_stock'],
    ['http://schema.org/OutOfStock', 'out_of_stock'],
    ['preorder', 'preorder'],
    ['pre-order', 'preorder'],
    ['vorbestellbar', 'preorder'],
    ['backorder', 'backorder'],
    ['back_order', 'backorder'],
    ['nachbestellbar', 'backorder'],
    ['soon', null],
    ['in stock soon', null],
  ])('availability %j is %s', (text, value) => {
    expect(availabilityOf(text)).toBe(value)
  })

  it('knows the conditions in English, German and schema.org', () => {
    expect(
      [
        'new',
        'NEW',
        'neu',
        'used',
        'Gebraucht',
        'refurbished',
        'generalüberholt',
        'https://schema.org/UsedCondition',
      ].map(conditionOf),
    ).toEqual(['new', 'new', 'new', 'used', 'used', 'refurbished', 'refurbished', 'used'])
    expect(conditionOf('broken')).toBeNull()
  })
})

describe('URLs', () => {
  it.each([
    ['https://shop.example/p/1', null],
    ['HTTP://SHOP.EXAMPLE/p', null],
    ['https://shop.example/my product.jpg', null],
    ['www.shop.example/p/1', 'RELATIVE_URL'],
    ['shop.example/p/1', 'RELATIVE_URL'],
    ['shop.example:8080/p', 'RELATIVE_URL'],
    ['/p/1', 'RELATIVE_URL'],
    ['../p/1', 'RELATIVE_URL'],
    ['//cdn.shop.example/1.jpg', 'RELATIVE_URL'],
    ['ftp://shop.example/p', 'INVALID_URL'],
    ['javascript:alert(1)', 'INVALID_URL'],
    ['mailto:shop@example.com', 'INVALID_URL'],
    ['data:image/png;base64,AAAA', 'INVALID_URL'],
    ['https://', 'INVALID_URL'],
    ['http:/shop.example/p', 'INVALID_URL'],
    ['https:///p', 'INVALID_URL'],
    ['https://shop.example:99999/x', 'INVALID_URL'],
    ['https://shop.example:8443/x', null],
    ['https://exa mple.com/p', 'INVALID_URL'],
  ])('%s → %s', (url, problem) => {
    expect(urlProblem(url)).toBe(problem)
  })
})

describe('GTINs', () => {
  it('checks the GS1 check digit for 8, 12, 13 and 14 digits, and nothing else', () => {
    expect(['96385074', '036000291452', '4006381333931', '04006381333931', '00000000'].map(isGtin)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ])
    expect(
      [
        '96385075',
        '036000291453',
        '4006381333932',
        '4006381333',
        '400638133393100',
        '4006381 333931',
        '4.00638E+12',
        '',
      ].map(isGtin),
    ).toEqual([false, false, false, false, false, false, false, false])
  })
})

describe('descriptions', () => {
  it('keeps the text of HTML, entities decoded, blocks as lines, scripts dropped', () => {
    expect(
      plainText(
        '<p>Ein <b>toller</b>&nbsp;Lippenstift &amp; mehr</p><ul><li>vegan</li><li>ohne Duft</li></ul><script>alert(1)</script>',
      ),
    ).toBe('Ein toller Lippenstift & mehr\nvegan\nohne Duft')
    expect(plainText('  plain   text  ')).toBe('plain   text')
    expect(plainText('<p>two\n  lines</p>')).toBe('two lines')
  })
})

describe('mapping', () => {
  it('compacts names: case, spaces, underscores, camelCase, umlauts, a g: prefix', () => {
    expect(['image_link', 'Image Link', 'imageLink', 'g:image_link', 'IMAGE-LINK'].map(compact)).toEqual(
      Array(5).fill('imagelink'),
    )
    expect(['Verfügbarkeit', 'Verfuegbarkeit', 'VERFÜGBARKEIT', 'Währung', 'Art.-Nr.'].map(compact)).toEqual([
      'verfuegbarkeit',
      'verfuegbarkeit',
      'verfuegbarkeit',
      'waehrung',
      'artnr',
    ])
  })

  it('tells google from de-shop, and prefers a named column to a synonym', () => {
    expect(detectMapping(['id', 'title', 'link', 'image_link', 'price'])).toBe('google')
    expect(detectMapping(['Artikelnummer', 'Bezeichnung', 'Preis', 'Währung', 'Deeplink', 'Bild'])).toBe(
      'de-shop',
    )
    expect(detectMapping(['foo', 'bar'])).toBeNull()
    expect(
      mapColumns('google', ['sku', 'name', 'id', 'title', 'additional_image_link', 'additional image link']),
    ).toEqual([undefined, undefined, 'id', 'title', 'additionalImageLinks', 'additionalImageLinks'])
    expect(mapColumns('google', ['sku', 'name'])).toEqual(['id', 'title'])
  })
})
