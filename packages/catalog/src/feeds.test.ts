// Feeds the tests generate, in every format, encoding and packing, through validateFeed in small
// chunks (so every boundary a stream can cut is crossed): outcomes, counts, reasons, row numbers.
import { gzipSync } from 'node:zlib'
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { type FeedOptions, type ValidRow, validateFeed } from './index.ts'

/** Bytes in pieces of `size`. */
function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}

const utf8 = (s: string) => new TextEncoder().encode(s)

/** Windows-1252: Latin-1 plus the euro sign at 0x80 (all the tests need). */
function cp1252(s: string): Uint8Array {
  return Uint8Array.from([...s].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))))
}

async function check(input: string | Uint8Array, options: FeedOptions = {}, size = 61) {
  const rows: ValidRow[] = []
  const report = await validateFeed(
    pieces(typeof input === 'string' ? utf8(input) : input, size),
    options,
    (batch) => {
      rows.push(...batch)
    },
  )
  return { report, rows, products: rows.map((r) => r.product) }
}

const reasonsOf = (report: Awaited<ReturnType<typeof check>>['report']) =>
  report.invalid.map((r) => [r.row, r.reason] as const)

const header = 'id,title,link,image_link,price,availability,sale_price,gtin,condition'
const good = (id: string, more: Partial<Record<string, string>> = {}) => {
  const r = {
    id,
    title: `Velvet Lipstick ${id}`,
    link: `https://shop.example/p/${id}`,
    image_link: `https://shop.example/i/${id}.jpg`,
    price: '24.90 EUR',
    availability: 'in stock',
    sale_price: '',
    gtin: '',
    condition: '',
    ...more,
  }
  return [r.id, r.title, r.link, r.image_link, r.price, r.availability, r.sale_price, r.gtin, r.condition]
    .map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
    .join(',')
}

describe('CSV and TSV', () => {
  it('reads a Windows-1252 CSV with `;`, German headers and multi-line quoted fields', async () => {
    const csv = cp1252(
      [
        'Artikelnummer;Bezeichnung;Beschreibung;Preis;Währung;Verfügbarkeit;Marke;EAN;Deeplink;Bild',
        '100;Lippenstift Rosé;"Schöne Farbe;\r\nzweite Zeile mit ""Zitat""\r\ndritte";12,99;EUR;auf Lager;Glämour;4006381333931;https://shop.de/100;https://shop.de/100.jpg',
        '101;Puder für 5 €;Fein;1.249,00;EUR;ausverkauft;Glam;;https://shop.de/101;https://shop.de/101.jpg',
        '102;Creme;;9,5;EUR;nicht lieferbar;;;https://shop.de/102;www.shop.de/102.jpg',
        '',
      ].join('\r\n'),
    )
    const { report, products } = await check(csv, {}, 17)
    expect(report.feed).toMatchObject({
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      mapping: 'de-shop',
    })
    expect(report.outcome).toBe('IMPORTED_WITH_ERRORS')
    expect(report.counts).toMatchObject({ rowsRead: 3, valid: 2, invalid: 1 })
    expect(report.invalid).toEqual([
      expect.objectContaining({ row: 3, id: '102', reason: 'RELATIVE_URL', line: 6 }),
    ])
    expect(products[0]).toMatchObject({
      id: '100',
      title: 'Lippenstift Rosé',
      description: 'Schöne Farbe;\r\nzweite Zeile mit "Zitat"\r\ndritte',
      price: { amount: '12.99', minor: 1299, currency: 'EUR' },
      availability: 'in_stock',
      brand: 'Glämour',
      gtin: '4006381333931',
      condition: 'new',
    })
    expect(products[1]).toMatchObject({
      title: 'Puder für 5 €',
      price: { amount: '1249.00', minor: 124900 },
      availability: 'out_of_stock',
    })
  })

  it('reads a TSV with a BOM and Google names written with spaces', async () => {
    const tsv = `\uFEFFid\ttitle\tlink\timage link\tprice\tavailability\tgoogle product category\nX-1\tCushion "Glow"\thttps://a.example/x\thttps://a.example/x.jpg\t10.00 EUR\tpreorder\t473\n`
    const { report, products } = await check(tsv, {}, 5)
    expect(report.feed).toMatchObject({
      format: 'tsv',
      encoding: 'utf-8',
      delimiter: '\t',
      mapping: 'google',
    })
    expect(report.outcome).toBe('IMPORTED')
    expect(products).toEqual([
      expect.objectContaining({
        id: 'X-1',
        title: 'Cushion "Glow"',
        availability: 'preorder',
        googleProductCategory: '473',
      }),
    ])
  })

  it('counts a header without rows as EMPTY_FEED', async () => {
    for (const feed of [`${header}\n`, `${header}\r\n\r\n`, header]) {
      const { report } = await check(feed)
      expect(report.outcome).toBe('EMPTY_FEED')
      expect(report.counts.rowsRead).toBe(0)
    }
    expect((await check('')).report.outcome).toBe('EMPTY_FEED')
  })

  it('rejects a CSV whose quoted field never closes (truncated), with the line it starts on', async () => {
    const { report } = await check(`${header}\n${good('a')}\n${good('b')}\n"c,"cut off here\nand more\n`)
    expect(report.outcome).toBe('FEED_REJECTED')
    expect(report.feedErrors).toEqual([expect.objectContaining({ reason: 'PARSE_ERROR', line: 4 })])
    expect(report.counts).toMatchObject({ rowsRead: 0, valid: 0, invalid: 0 })
  })

  it('refuses a header that names no id or title', async () => {
    const { report } = await check('foo,bar\n1,2\n')
    expect(report.outcome).toBe('FEED_REJECTED')
    expect(report.feedErrors[0]).toMatchObject({ reason: 'UNKNOWN_MAPPING' })
  })

  it('gives a record with more non-empty fields than the header a PARSE_ERROR, and reads the next', async () => {
    const { report } = await check(`${header}\n${good('a')},extra,more\n${good('b')},\n`)
    expect(reasonsOf(report)).toEqual([[1, 'PARSE_ERROR']])
    expect(report.counts).toMatchObject({ rowsRead: 2, valid: 1 })
  })
})

describe('reason codes', () => {
  it('explains every rejected row, ranked by field, with 1-based data-record numbers', async () => {
    const lines = [
      good('ok-1'),
      good(''),
      good('x'.repeat(51)),
      good('ok-1', { title: 'Second row with the same id' }),
      good('t1', { title: '' }),
      good('t2', { title: 'é'.repeat(151) }),
      good('l1', { link: '' }),
      good('i1', { image_link: '' }),
      good('u1', { link: 'www.shop.example/p/1' }),
      good('u2', { image_link: '//cdn.shop.example/1.jpg' }),
      good('u3', { link: 'ftp://shop.example/p' }),
      good('p1', { price: '' }),
      good('p2', { price: 'abc EUR' }),
      good('p3', { price: '12.99 EURO' }),
      good('p4', { price: '12.99 DM' }),
      good('p5', { price: '€ 12.99' }),
      good('p6', { price: '0.00 EUR' }),
      good('s1', { sale_price: '30.00 EUR' }),
      good('a1', { availability: '' }),
      good('a2', { availability: 'soon, maybe' }),
      good('g1', { gtin: '4006381333932' }),
      good('g2', { gtin: '40063813A3931' }),
      good('c1', { condition: 'broken' }),
      good('OK-1'),
      good('m1', { title: '', link: 'javascript:alert(1)', price: 'free' }),
      good('e'.repeat(50)),
      good('😀'.repeat(50), { title: '😀'.repeat(150) }),
    ]
    const { report } = await check(`${header}\n${lines.join('\n')}\n`)
    expect(reasonsOf(report)).toEqual([
      [2, 'MISSING_ID'],
      [3, 'ID_TOO_LONG'],
      [4, 'DUPLICATE_ID'],
      [5, 'MISSING_TITLE'],
      [6, 'TITLE_TOO_LONG'],
      [7, 'MISSING_LINK'],
      [8, 'MISSING_IMAGE_LINK'],
      [9, 'RELATIVE_URL'],
      [10, 'RELATIVE_URL'],
      [11, 'INVALID_URL'],
      [12, 'MISSING_PRICE'],
      [13, 'INVALID_PRICE'],
      [14, 'INVALID_CURRENCY'],
      [15, 'INVALID_CURRENCY'],
      [16, 'INVALID_CURRENCY'],
      [17, 'NON_POSITIVE_PRICE'],
      [18, 'INVALID_SALE_PRICE'],
      [19, 'MISSING_AVAILABILITY'],
      [20, 'UNKNOWN_AVAILABILITY'],
      [21, 'INVALID_GTIN'],
      [22, 'INVALID_GTIN'],
      [23, 'INVALID_CONDITION'],
      [25, 'MISSING_TITLE'],
    ])
    expect(report.invalid.find((r) => r.row === 25)?.reasons).toEqual([
      'MISSING_TITLE',
      'INVALID_URL',
      'INVALID_PRICE',
    ])
    expect(report.invalid.find((r) => r.row === 2)?.id).toBeNull()
    expect(report.counts).toMatchObject({ rowsRead: 27, valid: 4, invalid: 23 })
    expect(Object.values(report.invalidByReason).reduce((a, b) => a + b, 0)).toBe(23)
    expect(report.invalidByReason).toMatchObject({
      RELATIVE_URL: 2,
      INVALID_CURRENCY: 3,
      INVALID_GTIN: 2,
      MISSING_TITLE: 2,
    })
  })

  it('lists the first 1,000 invalid rows and counts them all', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => good(`n${i}`, { price: 'n/a' }))
    const { report } = await check(`${header}\n${lines.join('\n')}\n`, {}, 4096)
    expect(report.counts.invalid).toBe(1500)
    expect(report.invalid).toHaveLength(1000)
    expect(report.invalidByReason).toEqual({ INVALID_PRICE: 1500 })
  })
})

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
<channel>
<title>Demo &amp; Co</title>
<link>https://shop.example/</link>
<item>
  <g:id>A1</g:id>
  <title>Rouge &amp; Glanz &#8211; &lt;Matt&gt;</title>
  <description><![CDATA[<p>Ein <b>toller</b> Lippenstift &amp; mehr</p><ul><li>vegan</li></ul>]]></description>
  <link>https://shop.example/a1?x=1&amp;y=2</link>
  <g:image_link>https://shop.example/a1.jpg</g:image_link>
  <g:additional_image_link>https://shop.example/a1b.jpg</g:additional_image_link>
  <g:additional_image_link>https://shop.example/a1c.jpg</g:additional_image_link>
  <g:price>24.90 EUR</g:price>
  <g:sale_price>19.90 EUR</g:sale_price>
  <g:availability>in_stock</g:availability>
  <g:brand><![CDATA[Glam & Glow]]></g:brand>
  <g:gtin>04006381333931</g:gtin>
  <g:shipping><g:country>DE</g:country><g:price>4.95 EUR</g:price></g:shipping>
</item>
<item>
  <g:id>A2</g:id>
  <g:title>Only in g:</g:title>
  <title>Plain title loses</title>
  <link>https://shop.example/a2</link>
  <g:image_link>https://shop.example/a2.jpg</g:image_link>
  <g:shipping><g:price>4.95 EUR</g:price></g:shipping>
  <g:availability>out of stock</g:availability>
</item>
</channel>
</rss>
`

describe('XML', () => {
  it('reads Google Merchant RSS: the g: namespace, CDATA, entities, direct children only', async () => {
    const { report, products } = await check(rss, {}, 23)
    expect(report.feed).toMatchObject({ format: 'xml', mapping: 'google', recordPath: 'rss/channel/item' })
    expect(report.counts).toMatchObject({ rowsRead: 2, valid: 1, invalid: 1 })
    expect(products[0]).toEqual(
      expect.objectContaining({
        id: 'A1',
        title: 'Rouge & Glanz – <Matt>',
        description: '<p>Ein <b>toller</b> Lippenstift &amp; mehr</p><ul><li>vegan</li></ul>',
        descriptionText: 'Ein toller Lippenstift & mehr\nvegan',
        link: 'https://shop.example/a1?x=1&y=2',
        additionalImageLinks: ['https://shop.example/a1b.jpg', 'https://shop.example/a1c.jpg'],
        price: { amount: '24.90', minor: 2490, currency: 'EUR' },
        salePrice: { amount: '19.90', minor: 1990, currency: 'EUR' },
        brand: 'Glam & Glow',
        gtin: '04006381333931',
      }),
    )
    // The shipping price is not the item's price.
    expect(report.invalid).toEqual([expect.objectContaining({ row: 2, id: 'A2', reason: 'MISSING_PRICE' })])
  })

  it('reads Atom 1.0 entries with <link href> and the Google namespace under any prefix', async () => {
    const atom = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:google="http://base.google.com/ns/1.0">
  <title>Shop</title>
  <link rel="self" href="https://shop.example/feed.atom"/>
  <entry>
    <google:id>E1</google:id>
    <title type="html">Primer</title>
    <link rel="self" href="https://shop.example/self"/>
    <link href="https://shop.example/e1"/>
    <summary>Smooth</summary>
    <google:image_link>https://shop.example/e1.jpg</google:image_link>
    <google:price>7 EUR</google:price>
    <google:availability>backorder</google:availability>
  </entry>
  <entry><google:id>E2</google:id></entry>
</feed>`
    const { report, products } = await check(atom, {}, 7)
    expect(report.feed).toMatchObject({ recordPath: 'feed/entry', mapping: 'google' })
    expect(products).toEqual([
      expect.objectContaining({
        id: 'E1',
        link: 'https://shop.example/e1',
        description: 'Smooth',
        availability: 'backorder',
      }),
    ])
    expect(reasonsOf(report)).toEqual([[2, 'MISSING_TITLE']])
  })

  it('rejects a truncated document with the line where it stopped, and counts nothing', async () => {
    const cut = rss.slice(0, rss.indexOf('<g:availability>out'))
    const { report, rows } = await check(cut)
    expect(report.outcome).toBe('FEED_REJECTED')
    expect(report.feedErrors).toEqual([
      {
        reason: 'PARSE_ERROR',
        line: cut.split('\n').length,
        message: expect.stringMatching(/not well-formed: unclosed tag/),
      },
    ])
    expect(report.counts).toMatchObject({ rowsRead: 0, valid: 0, invalid: 0 })
    expect(report.invalid).toEqual([])
    // Whatever reached the sink before the break, a catalogue writer stages until the outcome.
    expect(rows.length).toBeLessThanOrEqual(1)
  })

  it('expands no DTD and fetches no external entity', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><products><product><id>1</id><title>&x;</title></product></products>`
    const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><products><product><id>1</id><title>&d;&d;&d;&d;</title></product></products>`
    for (const doc of [xxe, laughs]) {
      const started = performance.now()
      const { report } = await check(doc)
      expect(report.outcome).toBe('FEED_REJECTED')
      expect(report.feedErrors[0]?.message).toMatch(/undefined entity/)
      expect(performance.now() - started).toBeLessThan(2000)
    }
  })

  it('finds the records of generic XML, or takes the record path it is given', async () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<export><meta><name>Shop</name></meta><artikelliste>
<artikel nr="K1"><Bezeichnung>Kajal Schwarz</Bezeichnung><Preis waehrung="EUR">4,99</Preis><Verfuegbarkeit>lieferbar</Verfuegbarkeit><Deeplink>https://shop.de/k1</Deeplink><Bild>https://shop.de/k1.jpg</Bild></artikel>
<artikel nr="K2"><Bezeichnung>Lidschatten Grün</Bezeichnung><Preis waehrung="EUR">7,50</Preis><Verfuegbarkeit>vorbestellbar</Verfuegbarkeit><Deeplink>https://shop.de/k2</Deeplink><Bild>https://shop.de/k2.jpg</Bild></artikel>
</artikelliste></export>`
    const bytes = Uint8Array.from([...xml].map((c) => c.charCodeAt(0)))
    const found = await check(bytes)
    expect(found.report.feed).toMatchObject({
      encoding: 'windows-1252',
      mapping: 'de-shop',
      recordPath: 'export/artikelliste/artikel',
    })
    expect(found.report.outcome).toBe('IMPORTED')
    expect(found.products.map((p) => [p.id, p.title, p.price.minor, p.availability])).toEqual([
      ['K1', 'Kajal Schwarz', 499, 'in_stock'],
      ['K2', 'Lidschatten Grün', 750, 'preorder'],
    ])
    const given = await check(bytes, { recordPath: 'artikelliste/artikel' })
    expect(given.report.counts.valid).toBe(2)
  })

  it('counts an XML feed without items as EMPTY_FEED', async () => {
    const empty = `<?xml version="1.0"?><rss xmlns:g="http://base.google.com/ns/1.0"><channel><title>x</title></channel></rss>`
    expect((await check(empty)).report.outcome).toBe('EMPTY_FEED')
    expect((await check('<products/>')).report.outcome).toBe('EMPTY_FEED')
  })
})

describe('JSON and NDJSON', () => {
  const item = (id: string, more: Record<string, unknown> = {}) => ({
    id,
    title: `Serum ${id}`,
    link: `https://shop.example/${id}`,
    images: [`https://shop.example/${id}.jpg`, `https://shop.example/${id}-2.jpg`],
    price: { value: 24.5, currency: 'EUR' },
    availability: 'in stock',
    ...more,
  })

  it('reads an array with price objects and images[], and an object holding the array', async () => {
    const doc = JSON.stringify(
      [
        item('j1', { sale_price: { value: '19,99', currency: 'EUR' } }),
        item('j2', { price: { value: 0, currency: 'EUR' } }),
        'nope',
      ],
      null,
      2,
    )
    const { report, products } = await check(doc, {}, 9)
    expect(report.feed).toMatchObject({ format: 'json', recordPath: '$.*' })
    expect(products[0]).toMatchObject({
      imageLink: 'https://shop.example/j1.jpg',
      additionalImageLinks: ['https://shop.example/j1-2.jpg'],
      price: { amount: '24.50', minor: 2450 },
      salePrice: { amount: '19.99' },
    })
    expect(reasonsOf(report)).toEqual([
      [2, 'NON_POSITIVE_PRICE'],
      [3, 'PARSE_ERROR'],
    ])
    const wrapped = await check(JSON.stringify({ version: 2, shop: 'x', products: [item('w1')] }))
    expect(wrapped.report.feed.recordPath).toBe('$.products.*')
    expect(wrapped.products.map((p) => p.id)).toEqual(['w1'])
  })

  it('rejects a truncated JSON document', async () => {
    const doc = JSON.stringify([item('j1'), item('j2')])
    const { report } = await check(doc.slice(0, -30))
    expect(report.outcome).toBe('FEED_REJECTED')
    expect(report.feedErrors[0]).toMatchObject({ reason: 'PARSE_ERROR' })
  })

  it('reads NDJSON line by line: a broken line is that line’s PARSE_ERROR, blank lines are no rows', async () => {
    const lines = [
      JSON.stringify(item('n1')),
      '{"id":"n2", broken',
      '',
      JSON.stringify(item('n3', { availability: 'auf Lager' })),
      '[1,2]',
      JSON.stringify(item('n1')),
    ]
    const { report, products } = await check(`${lines.join('\n')}\n`, {}, 13)
    expect(report.feed.format).toBe('ndjson')
    expect(report.counts).toMatchObject({ rowsRead: 5, valid: 2, invalid: 3 })
    expect(reasonsOf(report)).toEqual([
      [2, 'PARSE_ERROR'],
      [5, 'PARSE_ERROR'],
      [6, 'DUPLICATE_ID'],
    ])
    expect(report.invalid[0]?.id).toBeNull()
    expect(products.map((p) => p.id)).toEqual(['n1', 'n3'])
  })
})

describe('encodings and packing', () => {
  it('decides at the first non-ASCII byte when the first 64 KiB are ASCII', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => good(`a${i}`))
    const late = `${header}\n${rows.join('\n')}\n${good('late', { title: 'Crème brûlée' })}\n`
    const legacy = await check(cp1252(late), {}, 8192)
    expect(legacy.report.feed.encoding).toBe('windows-1252')
    expect(legacy.products.at(-1)?.title).toBe('Crème brûlée')
    const unicode = await check(utf8(late), {}, 8192)
    expect(unicode.report.feed.encoding).toBe('utf-8')
    expect(unicode.products.at(-1)?.title).toBe('Crème brûlée')
  })

  it('keeps UTF-8 intact when chunks cut characters in half', async () => {
    const { products } = await check(`${header}\n${good('u', { title: 'Rosé 💄 Größe' })}\n`, {}, 1)
    expect(products[0]?.title).toBe('Rosé 💄 Größe')
  })

  it('unpacks gzip and zip (skipping macOS metadata), whatever the file is called', async () => {
    const csv = utf8(`${header}\n${good('z1')}\n${good('z2')}\n`)
    const gz = await check(gzipSync(csv), { fileName: 'feed.bin' }, 100)
    expect(gz.report.feed.packing).toBe('gzip')
    expect(gz.report.counts.valid).toBe(2)
    const zip = zipSync({ '__MACOSX/._feed.csv': utf8('junk'), 'export/feed.csv': csv })
    const zipped = await check(zip, {}, 100)
    expect(zipped.report.feed).toMatchObject({ packing: 'zip', entry: 'export/feed.csv', format: 'csv' })
    expect(zipped.report.counts.valid).toBe(2)
    const bomb = await check(gzipSync(new Uint8Array(5_000_000)), { maxBytes: 1_000_000 }, 100_000)
    expect(bomb.report.feedErrors[0]).toMatchObject({ reason: 'FEED_TOO_LARGE' })
  })
})

describe('the sink', () => {
  it('gets every valid row once, in order, and holds the reading while it writes', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => good(`s${i}`, i % 7 === 0 ? { price: '' } : {}))
    const got: number[] = []
    let writing = 0
    const report = await validateFeed(
      pieces(utf8(`${header}\n${lines.join('\n')}\n`), 4096),
      {},
      async (batch) => {
        expect(writing).toBe(0)
        writing++
        await new Promise((r) => setTimeout(r, 2))
        got.push(...batch.map((r) => r.row))
        writing--
      },
    )
    expect(report.counts.valid).toBe(got.length)
    expect(got).toEqual([...got].sort((a, b) => a - b))
    expect(new Set(got).size).toBe(got.length)
  })
})

describe('what spreadsheets and shop systems write', () => {
  it('takes Excel’s `sep=;` line and skips rows of empty cells', async () => {
    const csv = `sep=;\r\nid;title;link;image_link;price;availability\r\nx1;Puder;https://s.example/1;https://s.example/1.jpg;9,90 EUR;in stock\r\n;;;;;\r\nx2;;https://s.example/2;https://s.example/2.jpg;9,90 EUR;in stock\r\n;;;;;\r\n`
    const { report } = await check(csv)
    expect(report.feed.delimiter).toBe(';')
    expect(report.counts).toMatchObject({ rowsRead: 2, valid: 1, invalid: 1 })
    expect(report.invalid).toEqual([
      expect.objectContaining({ row: 2, id: 'x2', reason: 'MISSING_TITLE', line: 5 }),
    ])
  })

  it('finds the product array of a JSON object whatever comes before it', async () => {
    const doc = JSON.stringify({
      meta: { generated: '2026-12-01', shop: { name: 'x', tags: ['a', 'b'] } },
      categories: ['lips', 'eyes'],
      items: [
        {
          id: 'i1',
          name: 'Serum',
          url: 'https://s.example/i1',
          image: 'https://s.example/i1.jpg',
          price: '5.00 EUR',
          availability: 'in stock',
        },
      ],
    })
    const { report, products } = await check(doc)
    expect(report.feed.recordPath).toBe('$.items.*')
    expect(products.map((p) => p.title)).toEqual(['Serum'])
  })
})

describe('Excel’s Unicode text', () => {
  it('reads a UTF-16LE TSV with its BOM', async () => {
    const tsv =
      '\uFEFFid\ttitle\tlink\timage_link\tprice\tavailability\r\nü1\tLidschatten Grün\thttps://s.example/1\thttps://s.example/1.jpg\t7,50 EUR\tauf Lager\r\n'
    const bytes = new Uint8Array(Buffer.from(tsv, 'utf16le'))
    const { report, products } = await check(bytes, {}, 33)
    expect(report.feed).toMatchObject({ encoding: 'utf-16le', format: 'tsv' })
    expect(products).toEqual([
      expect.objectContaining({
        id: 'ü1',
        title: 'Lidschatten Grün',
        price: expect.objectContaining({ minor: 750 }),
      }),
    ])
  })
})

describe('shapes a review found', () => {
  it('tells a small `;` export from its header, whatever commas its descriptions and prices hold', async () => {
    const csv = cp1252(
      'Artikelnummer;Bezeichnung;Beschreibung;Preis;Waehrung;Verfuegbarkeit;Marke;EAN;Deeplink;Bild\r\n1001;Tasse;Weich, blau, rund;12,99;EUR;lieferbar;Glam;;https://s.de/1001;https://s.de/1001.jpg\r\n1002;Teller;Flach, weiß;3,50;EUR;lieferbar;Glam;;https://s.de/1002;https://s.de/1002.jpg\r\n',
    )
    const { report } = await check(csv)
    expect(report.feed).toMatchObject({ delimiter: ';', mapping: 'de-shop' })
    expect(report.outcome).toBe('IMPORTED')
  })

  it('picks the product, not a block nested in it or one before the list', async () => {
    const nested = `<products><product><id>P1</id><title>Shirt</title><category><id>5</id><name>Shoes</name></category><link>https://s.de/p1</link><image>https://s.de/p1.jpg</image><price>9.90 EUR</price><availability>in stock</availability></product><product><id>P2</id><title>Hose</title><category><id>5</id><name>Shoes</name></category><link>https://s.de/p2</link><image>https://s.de/p2.jpg</image><price>9.90 EUR</price><availability>in stock</availability></product></products>`
    const a = await check(nested)
    expect(a.report.feed.recordPath).toBe('products/product')
    expect(a.report.outcome).toBe('IMPORTED')
    const headed = `<shop><info><name>My shop</name><url>https://s.de</url></info><items><item><sku>1</sku><title>T</title><link>https://s.de/1</link><image_link>https://s.de/1.jpg</image_link><price>3.00 EUR</price><availability>in stock</availability></item></items></shop>`
    expect((await check(headed)).report.feed.recordPath).toBe('shop/items/item')
  })

  it('reads a one-line NDJSON product as NDJSON, and a JSON images string as the image link', async () => {
    const line = JSON.stringify({
      id: 'N1',
      title: 'T',
      link: 'https://s.de/1',
      images: 'https://s.de/1.jpg',
      price: '1.00 EUR',
      availability: 'in stock',
      shipping: [{ country: 'DE', price: '4.95 EUR' }],
    })
    const { report, products } = await check(`${line}\n`)
    expect(report.feed.format).toBe('ndjson')
    expect(products[0]?.imageLink).toBe('https://s.de/1.jpg')
  })

  it('reads a Shopware export: ordernumber, supplier, and availability from the stock count', async () => {
    const csv =
      'ordernumber;name;description_long;price;currency;instock;supplier;ean;link;image\nSW1;Tuch;"<p>Weich</p>";19,95;EUR;12;Shopware;;https://s.de/sw1;https://s.de/sw1.jpg\nSW2;Tuch 2;;19,95;EUR;0;Shopware;;https://s.de/sw2;https://s.de/sw2.jpg\n'
    const { products } = await check(csv)
    expect(products.map((p) => [p.id, p.brand, p.stock, p.availability, p.descriptionText])).toEqual([
      ['SW1', 'Shopware', 12, 'in_stock', 'Weich'],
      ['SW2', 'Shopware', 0, 'out_of_stock', undefined],
    ])
  })

  it('names the id of a record it could not read when the id column was readable', async () => {
    const { report } = await check(`${header}\n${good('a')},extra\n`)
    expect(report.invalid).toEqual([expect.objectContaining({ row: 1, id: 'a', reason: 'PARSE_ERROR' })])
  })
})
