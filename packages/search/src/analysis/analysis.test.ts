import type { SearchLocale } from '@glam/core'
import { describe, expect, it } from 'vitest'
import {
  type AnalysableDocument,
  analyseDocument,
  analyseQuery,
  facetKey,
  fold,
  highlight,
  type QueryOptions,
  stopWords,
  vocabulary,
  wordAlternatives,
  words,
  wordTokens,
} from './index.ts'
import { boundedMemo } from './memo.ts'

function doc(title: string, more: Partial<AnalysableDocument> = {}): AnalysableDocument {
  return { title, brand: null, description: null, shopCategory: null, categoryPath: null, ...more }
}

/** The engine's semantics: every word matches by one alternative (all its tokens) or as a prefix. */
function finds(title: string, q: string, locale: SearchLocale = 'de', options: QueryOptions = {}): boolean {
  const columns = analyseDocument(doc(title))
  const tokens = new Set(Object.values(columns).join(' ').split(' '))
  const plan = analyseQuery(q, locale, { prefix: false, ...options })
  return (
    plan.words.length > 0 &&
    plan.words.every(
      (word) =>
        word.alternatives.some((alternative) => alternative.tokens.every((token) => tokens.has(token))) ||
        (word.prefix && [...tokens].some((token) => token.startsWith(word.surface))),
    )
  )
}

const bothLocales: SearchLocale[] = ['de', 'en']

describe('fold', () => {
  it('folds case, diacritics and special letters', () => {
    expect(fold('Crème')).toBe('creme')
    expect(fold('Straße')).toBe(fold('strasse'))
    expect(fold('STRASSE')).toBe('strasse')
    expect(fold('Ærø Łódź Øre')).toBe('aro lodz ore')
    expect(fold('ﬁne')).toBe('fine')
  })

  it('meets German umlauts and their transliterations in the plain vowel', () => {
    for (const spelling of ['Lächeln', 'laecheln', 'lacheln', 'LÄCHELN'])
      expect(fold(spelling)).toBe('lacheln')
    for (const spelling of ['Pflegeöl', 'pflegeoel', 'pflegeol']) expect(fold(spelling)).toBe('pflegeol')
    expect(fold('Hände')).toBe(fold('Haende'))
    expect(fold('Füße')).toBe(fold('Fuesse'))
  })

  it('keeps ue after q and after a vowel (Lucene’s rule)', () => {
    expect(fold('Queen')).toBe('queen')
    expect(fold('Clinique')).toBe('clinique')
    expect(fold('neue Feuchtigkeit')).toBe('neue feuchtigkeit')
  })

  it('leaves only letter and digit runs, one space apart', () => {
    expect(fold("  L'Oréal Paris — Crème (50 ml)! ")).toBe('l oreal paris creme 50 ml')
    expect(fold('Gesundheit & Schönheit > Kosmetik')).toBe('gesundheit schonheit kosmetik')
  })

  it('is idempotent, so folded words analyse the same again', () => {
    for (const text of ['Häuser', 'Kaffee', 'aee', 'Ærø', 'Queue', 'Straße', 'Crème brûlée', 'Noël']) {
      expect(fold(fold(text))).toBe(fold(text))
    }
  })

  it('gives facet keys', () => {
    expect(facetKey("L'Oréal Paris")).toBe('l oreal paris')
    expect(facetKey('Estée Lauder')).toBe(facetKey('estee lauder'))
  })
})

describe('words', () => {
  it('splits on non-letters and at letter/digit boundaries, keeping numbers', () => {
    expect(words('Tagescreme 30ml, SPF50+')).toEqual(['tagescreme', '30', 'ml', 'spf', '50'])
    expect(words('SPF 50')).toEqual(words('SPF50'))
    expect(words('Q10-Creme')).toEqual(['q', '10', 'creme'])
  })

  it('drops the English possessive and words over 40 letters', () => {
    expect(words('Kiehl’s Ultra Facial')).toEqual(['kiehl', 'ultra', 'facial'])
    expect(words("Burt's Bees")).toEqual(['burt', 'bees'])
    expect(words(`creme ${'x'.repeat(41)} rot`)).toEqual(['creme', 'rot'])
  })
})

describe('wordTokens', () => {
  it('gives the surface first, then the German and the English stem', () => {
    expect(wordTokens('Häuser')).toEqual(['hauser', 'haus'])
    expect(wordTokens('Primer')).toEqual(['primer', 'prim'])
    expect(wordTokens('lipsticks')).toContain('lipstick')
    expect(wordTokens('Cremes')).toEqual(expect.arrayContaining(['cremes', 'crem', 'creme']))
    expect(wordTokens('50')).toEqual(['50'])
  })

  it('stems the folded word, so every spelling of an umlaut stems alike', () => {
    expect(wordTokens('haeuser')).toEqual(wordTokens('Häuser'))
    expect(wordTokens('hauser')).toEqual(wordTokens('Häuser'))
    expect(wordTokens('Lippenstifte')).toContain('lippenstift')
  })

  const compounds: [string, string[]][] = [
    ['Lippenstift', ['lippen', 'stift']],
    ['Feuchtigkeitscreme', ['feuchtigkeit', 'creme']],
    ['Gesichtsreinigung', ['gesicht', 'reinigung']],
    ['Augencreme', ['augen', 'creme']],
    ['Nachtcreme', ['nacht', 'creme']],
    ['Tagescreme', ['tag', 'creme']],
    ['Handcreme', ['hand', 'creme']],
    ['Haarspülung', ['haar', 'spulung']],
    ['Sonnenschutz', ['sonnen', 'schutz']],
    ['Duschgel', ['dusche', 'gel']],
    ['Nagellack', ['nagel', 'lack']],
    ['Wimperntusche', ['wimpern', 'tusche']],
    ['Lidschatten', ['lid', 'schatten']],
    ['Körperlotion', ['korper', 'lotion']],
    ['Haaröl', ['haar', 'ol']],
    ['Pflegeöl', ['pflege', 'ol']],
    ['Gesichtsmaske', ['gesicht', 'maske']],
    ['Reinigungsschaum', ['reinigung', 'schaum']],
    ['Sonnenspray', ['sonnen', 'spray']],
    ['Lippenpflege', ['lippen', 'pflege']],
    ['Augenbrauenstift', ['augen', 'brauen', 'stift']],
    ['Lippenstifte', ['lippen', 'stift']],
    ['lipstick', ['lip', 'stick']],
    ['eyeliner', ['eye', 'liner']],
    ['lipgloss', ['lip', 'gloss']],
    ['eyeshadow', ['eye', 'shadow']],
    ['Mizellenwasser', ['mizellen', 'wasser']],
    ['Salicylsäure', ['salicyl', 'saure']],
  ]
  it.each(compounds)('splits %s into its parts', (word, parts) => {
    expect(wordTokens(word)).toEqual(expect.arrayContaining(parts))
  })

  it('does not split words that only end like a part', () => {
    for (const [word, part] of [
      ['Spiegel', 'gel'],
      ['Contouring', 'ring'],
      ['Packaging', 'aging'],
      ['Sunset', 'set'],
      ['Alkohol', 'ol'],
      ['Menthol', 'ol'],
      ['Rossmann', 'mann'],
    ] as const) {
      expect(wordTokens(word)).not.toContain(part)
    }
  })
})

describe('matching (documents and queries analysed alike)', () => {
  it.each(bothLocales)('finds folded spellings (%s)', (locale) => {
    expect(finds('Crème Brûlée Lippenbalsam', 'creme', locale)).toBe(true)
    expect(finds('Straßenbahn', 'strassenbahn', locale)).toBe(true)
    for (const q of ['lacheln', 'laecheln', 'lächeln']) expect(finds('Lächeln', q, locale)).toBe(true)
    for (const q of ['pflegeol', 'pflegeoel', 'Pflegeöl']) expect(finds('Pflegeöl', q, locale)).toBe(true)
  })

  it('finds other inflections through the locale’s stem', () => {
    expect(finds('Matte Lippenstifte', 'lippenstift', 'de')).toBe(true)
    expect(finds('Matte Lipsticks', 'lipstick', 'en')).toBe(true)
    expect(finds('Gesichtscremes', 'gesichtscreme', 'de')).toBe(true)
  })

  it.each(bothLocales)('finds compounds by their parts and parts by their compounds (%s)', (locale) => {
    expect(finds('Lippenstift Rot', 'lippen stift', locale)).toBe(true)
    expect(finds('Lippenstift Rot', 'stift', locale)).toBe(true)
    expect(finds('Lippen Stift', 'lippenstift', locale)).toBe(true)
    expect(finds('Feuchtigkeitscreme', 'creme', locale)).toBe(true)
    expect(finds('Feuchtigkeitscreme', 'feuchtigkeit creme', locale)).toBe(true)
    const byPart: [string, string][] = [
      ['Gesichtsreinigung', 'gesicht reinigung'],
      ['Augencreme', 'augen creme'],
      ['Nachtcreme', 'nacht creme'],
      ['Tagescreme', 'tag creme'],
      ['Handcreme', 'creme'],
      ['Haarspülung', 'spülung'],
      ['Sonnenschutz', 'sonne schutz'],
      ['Duschgel', 'gel'],
      ['Nagellack', 'lack'],
      ['Wimperntusche', 'wimpern tusche'],
      ['Lidschatten', 'schatten'],
      ['Körperlotion', 'lotion'],
      ['Haaröl', 'haar öl'],
      ['Gesichtsmaske', 'maske'],
      ['Reinigungsschaum', 'schaum'],
      ['Sonnenspray', 'spray'],
      ['Lippenpflege', 'lippen pflege'],
      ['Lipstick', 'lip stick'],
    ]
    for (const [title, q] of byPart) expect(finds(title, q, locale), `${title} by ${q}`).toBe(true)
  })

  it('gives a query compound its parts as one all-required alternative', () => {
    const [word] = analyseQuery('lippenstift', 'de').words
    expect(word!.alternatives).toContainEqual({ tokens: ['lipp', 'stift'] })
    expect(wordAlternatives('lippenstift', 'de')).toEqual(word!.alternatives)
  })

  it('uses the stem of the query’s locale only', () => {
    const [german] = analyseQuery('primer', 'de').words
    const [english] = analyseQuery('primer', 'en').words
    expect(german!.alternatives).toEqual([{ tokens: ['primer'] }, { tokens: ['prim'] }])
    expect(english!.alternatives).toEqual([{ tokens: ['primer'] }])
  })
})

describe('synonyms', () => {
  const synonyms = [
    ['lippenstift', 'lipstick'],
    ['sonnencreme', 'sunscreen', 'sun cream', 'spf'],
  ]

  it('adds a single word’s group as alternatives', () => {
    const [word] = analyseQuery('Lipstick', 'de', { synonyms }).words
    expect(word!.surface).toBe('lipstick')
    expect(word!.alternatives).toContainEqual({ tokens: ['lippenstift'] })
    expect(finds('Lippenstift Rot', 'lipstick', 'de', { synonyms })).toBe(true)
    expect(finds('Lipstick Red', 'lippenstift', 'en', { synonyms })).toBe(true)
  })

  it('adds a multi-word phrase as one all-required alternative', () => {
    const [word] = analyseQuery('sunscreen', 'en', { synonyms }).words
    expect(word!.alternatives).toContainEqual({ tokens: ['sun', 'cream'] })
    expect(finds('Sun Cream SPF 30', 'sonnencreme', 'de', { synonyms })).toBe(true)
  })

  it('merges a query run equal to a phrase into one word', () => {
    const plan = analyseQuery('sun cream für Kinder', 'de', { synonyms })
    expect(plan.words.map((word) => word.surface)).toEqual(['sun cream', 'kinder'])
    const [run] = plan.words
    expect(run!.alternatives[0]).toEqual({ tokens: ['sun', 'cream'] })
    expect(run!.alternatives).toContainEqual({ tokens: ['sonnencrem'] })
    expect(run!.typo).toBe(0)
    expect(run!.prefix).toBe(false)
    expect(finds('Sonnencreme Kinder', 'sun cream kinder', 'de', { synonyms })).toBe(true)
    expect(finds('Sun Cream Kids', 'sonnencreme', 'en', { synonyms })).toBe(true)
    expect(finds('Sun Lotion', 'sun cream', 'en', { synonyms })).toBe(false)
  })

  it('never makes a merged run the prefix word', () => {
    const plan = analyseQuery('sun cream', 'en', { synonyms })
    expect(plan.words).toHaveLength(1)
    expect(plan.words[0]!.prefix).toBe(false)
  })

  it('matches a phrase on the stems of the query’s locale too', () => {
    const [word] = analyseQuery('sunscreens', 'en', { synonyms }).words
    expect(word!.alternatives).toContainEqual({ tokens: ['spf'] })
  })
})

describe('query words', () => {
  it('flags typo budgets by length, none for numbers', () => {
    const plan = analyseQuery('rot haut creme serum feuchtig lippenstift 12345', 'de', { prefix: false })
    expect(plan.words.map((word) => [word.surface, word.typo])).toEqual([
      ['rot', 0],
      ['haut', 0],
      ['creme', 1],
      ['serum', 1],
      ['feuchtig', 1],
      ['lippenstift', 2],
      ['12345', 0],
    ])
  })

  it('makes the last word the prefix, and only it', () => {
    const plan = analyseQuery('rote lippenst', 'de')
    expect(plan.words.map((word) => word.prefix)).toEqual([false, true])
    expect(analyseQuery('rote lippenst', 'de', { prefix: false }).words.some((word) => word.prefix)).toBe(
      false,
    )
    expect(analyseQuery('rote lippen ', 'de').words.some((word) => word.prefix)).toBe(false)
  })

  it('drops stop words unless the query is nothing else', () => {
    expect(analyseQuery('Creme für die Hände', 'de').words.map((word) => word.surface)).toEqual([
      'creme',
      'hande',
    ])
    expect(analyseQuery('the best cream for dry skin', 'en').words.map((word) => word.surface)).toEqual([
      'best',
      'cream',
      'dry',
      'skin',
    ])
    expect(analyseQuery('die und', 'de').words.map((word) => word.surface)).toEqual(['die', 'und'])
    for (const word of [
      'der',
      'die',
      'das',
      'und',
      'mit',
      'fur',
      'von',
      'ohne',
      'the',
      'and',
      'with',
      'without',
    ]) {
      expect(stopWords.has(word), word).toBe(true)
    }
    expect(stopWords.has('no')).toBe(false)
  })

  it('keeps at most maxWords words', () => {
    expect(analyseQuery('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11 l12 m13 n14', 'de').words).toHaveLength(12)
    expect(analyseQuery('creme serum maske', 'de', { maxWords: 2 }).words).toHaveLength(2)
  })

  it('gives an empty plan for an empty query', () => {
    expect(analyseQuery('  – ', 'en')).toEqual({ words: [], locale: 'en' })
  })
})

describe('documents', () => {
  const product: AnalysableDocument = {
    title: 'Die Feuchtigkeitscreme',
    brand: "L'Oréal Paris",
    description: 'Eine Creme für die Haut und mit Sheabutter.',
    shopCategory: 'Gesichtspflege',
    categoryPath: { en: 'Beauty > Skin Care', de: 'Schönheit > Hautpflege' },
  }

  it('gives the four column values as tokens', () => {
    const columns = analyseDocument(product)
    expect(columns.title.split(' ')).toEqual(expect.arrayContaining(['die', 'feuchtigkeitscreme', 'creme']))
    expect(columns.brand).toBe('l oreal paris pari')
    expect(columns.category.split(' ')).toEqual(
      expect.arrayContaining(['gesichtspflege', 'pflege', 'skin', 'care', 'schonheit', 'hautpflege', 'haut']),
    )
    expect(columns.body.split(' ')).toEqual(expect.arrayContaining(['creme', 'haut', 'sheabutter', 'shea']))
  })

  it('keeps stop words in titles but not in descriptions', () => {
    const columns = analyseDocument(product)
    expect(columns.title.split(' ')).toContain('die')
    for (const word of ['die', 'eine', 'fur', 'und', 'mit'])
      expect(columns.body.split(' ')).not.toContain(word)
  })

  it('gives the tokens of words() for any white space and punctuation', () => {
    const text = 'Pflegt\ndie Haut\u00a0(50ml) –\tmit Kiehl’s „Lippenstift“, SPF50!'
    const expected = (keep: (word: string) => boolean) =>
      words(text)
        .filter(keep)
        .flatMap((word) => wordTokens(word))
        .join(' ')
    const columns = analyseDocument(doc(text, { description: text }))
    expect(columns.title).toBe(expected(() => true))
    expect(columns.body).toBe(expected((word) => !stopWords.has(word)))
    expect(analyseDocument(doc(text, { description: text }))).toEqual(columns)
  })

  it('gives empty columns for missing fields', () => {
    expect(analyseDocument(doc('Serum'))).toEqual({ title: 'serum', brand: '', category: '', body: '' })
  })

  it('gives the distinct folded words of title, brand and category as vocabulary', () => {
    expect(vocabulary(product)).toEqual([
      'die',
      'feuchtigkeitscreme',
      'l',
      'oreal',
      'paris',
      'gesichtspflege',
      'beauty',
      'skin',
      'care',
      'schonheit',
      'hautpflege',
    ])
  })

  it('analyses many documents through the memo (speed sanity, not timed)', () => {
    const titles = ['Lippenstift', 'Tagescreme', 'Duschgel', 'Haaröl', 'Nagellack']
    let tokens = 0
    for (let i = 0; i < 20_000; i++) {
      const columns = analyseDocument({
        title: `${titles[i % titles.length]} Nr. ${i}`,
        brand: 'Nivea',
        description: `Pflegt die Haut mit Mandelöl, Variante ${i % 97}.`,
        shopCategory: 'Pflege',
        categoryPath: null,
      })
      tokens += columns.title.split(' ').length
    }
    expect(tokens).toBeGreaterThan(60_000)
  })
})

describe('boundedMemo', () => {
  it('computes a key once and stays within its bound', () => {
    const computed: string[] = []
    const memo = boundedMemo((key: string) => {
      computed.push(key)
      return key.toUpperCase()
    }, 4)
    expect([memo('a'), memo('b'), memo('a')]).toEqual(['A', 'B', 'A'])
    expect(computed).toEqual(['a', 'b'])
    for (const key of ['c', 'd', 'e', 'f', 'g']) memo(key)
    memo('a')
    expect(computed.filter((key) => key === 'a')).toHaveLength(2)
  })
})

describe('highlight', () => {
  it('escapes HTML and marks matched words', () => {
    const plan = analyseQuery('stift', 'de', { prefix: false })
    expect(highlight('<script>alert("x")</script> Lippenstift & Co', plan)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Lippenstift</mark> &amp; Co',
    )
  })

  it('marks folded and stemmed forms, prefixes and extra tokens', () => {
    expect(highlight('Crème für Hände', analyseQuery('creme hand', 'de', { prefix: false }))).toBe(
      '<mark>Crème</mark> für <mark>Hände</mark>',
    )
    expect(highlight('Lippenstift Rot', analyseQuery('lipp', 'de'))).toBe('<mark>Lippenstift</mark> Rot')
    expect(highlight('Rouge Noir', analyseQuery('rot', 'de', { prefix: false }), ['noir'])).toBe(
      'Rouge <mark>Noir</mark>',
    )
    expect(highlight('SPF50 Sonnenspray', analyseQuery('spf 50', 'de', { prefix: false }))).toBe(
      '<mark>SPF50</mark> Sonnenspray',
    )
  })

  it('leaves a text without matches escaped only', () => {
    expect(highlight('A & B', analyseQuery('', 'de'))).toBe('A &amp; B')
  })
})
