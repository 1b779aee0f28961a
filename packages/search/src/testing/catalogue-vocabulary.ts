/**
 * The words the generated catalogue writes with: colours and their shade names, featured
 * ingredients, the sentences descriptions are made of. German and English come in pairs (the
 * same index means the same thing) so a product line reads alike in both languages.
 *
 * Shade names contain their colour's word (German often as a compound: `Kirschrot`, `Nachtblau`)
 * and no other colour's word, so a colour in the ground truth is a colour a title can show.
 */

export type Language = 'de' | 'en'

/** A German and an English text that say the same. */
export interface Phrase {
  de: string
  en: string
}

export const phrase = (de: string, en: string): Phrase => ({ de, en })

/** A product noun with its qualifiers (`Lippenstift Matt` / `Matte Lipstick`) and the finish they name. */
export interface TypeBase extends Phrase {
  finish?: string
}

export const typeBase = (de: string, en: string, finish?: string): TypeBase =>
  finish ? { de, en, finish } : { de, en }

const pairs = (list: readonly (readonly [string, string])[]): Phrase[] => list.map(([de, en]) => ({ de, en }))

/** Canonical colour id → its shade names. */
export const colourShades = {
  red: pairs([
    ['Rot', 'Red'],
    ['Kirschrot', 'Cherry Red'],
    ['Feuerrot', 'Fire Red'],
    ['Klassisch Rot', 'Classic Red'],
    ['Weinrot', 'Wine Red'],
    ['Rubinrot', 'Ruby Red'],
  ]),
  pink: pairs([
    ['Pink', 'Pink'],
    ['Rosa', 'Soft Pink'],
    ['Zartrosa', 'Baby Pink'],
    ['Rosé', 'Rosé'],
    ['Himbeerpink', 'Raspberry Pink'],
    ['Bonbonrosa', 'Candy Pink'],
  ]),
  nude: pairs([
    ['Nude', 'Nude'],
    ['Natural Nude', 'Natural Nude'],
    ['Warmes Nude', 'Warm Nude'],
    ['Zartes Nude', 'Soft Nude'],
  ]),
  black: pairs([
    ['Schwarz', 'Black'],
    ['Tiefschwarz', 'Jet Black'],
    ['Extra Schwarz', 'Extra Black'],
    ['Carbonschwarz', 'Carbon Black'],
  ]),
  brown: pairs([
    ['Braun', 'Brown'],
    ['Schokobraun', 'Chocolate Brown'],
    ['Kastanienbraun', 'Chestnut Brown'],
    ['Haselnussbraun', 'Hazel Brown'],
  ]),
  berry: pairs([
    ['Beere', 'Berry'],
    ['Wildbeere', 'Wild Berry'],
    ['Beerentraum', 'Berry Dream'],
    ['Maulbeere', 'Mulberry'],
  ]),
  coral: pairs([
    ['Koralle', 'Coral'],
    ['Sommerkoralle', 'Summer Coral'],
    ['Korallenriff', 'Coral Reef'],
  ]),
  plum: pairs([
    ['Pflaume', 'Plum'],
    ['Dunkle Pflaume', 'Deep Plum'],
    ['Zuckerpflaume', 'Sugar Plum'],
  ]),
  orange: pairs([
    ['Orange', 'Orange'],
    ['Kürbisorange', 'Pumpkin Orange'],
    ['Mandarinorange', 'Tangerine Orange'],
  ]),
  purple: pairs([
    ['Lila', 'Purple'],
    ['Violett', 'Violet'],
    ['Dunkellila', 'Deep Purple'],
    ['Fliederlila', 'Lilac Purple'],
  ]),
  blue: pairs([
    ['Blau', 'Blue'],
    ['Nachtblau', 'Midnight Blue'],
    ['Himmelblau', 'Sky Blue'],
    ['Marineblau', 'Navy Blue'],
  ]),
  green: pairs([
    ['Grün', 'Green'],
    ['Smaragdgrün', 'Emerald Green'],
    ['Salbeigrün', 'Sage Green'],
    ['Waldgrün', 'Forest Green'],
  ]),
  white: pairs([
    ['Weiß', 'White'],
    ['Schneeweiß', 'Snow White'],
    ['Perlweiß', 'Pearl White'],
  ]),
  gold: pairs([
    ['Gold', 'Gold'],
    ['Champagnergold', 'Champagne Gold'],
    ['Antikgold', 'Antique Gold'],
  ]),
  silver: pairs([
    ['Silber', 'Silver'],
    ['Mondsilber', 'Moon Silver'],
    ['Silberglanz', 'Silver Frost'],
  ]),
  bronze: pairs([
    ['Bronze', 'Bronze'],
    ['Warme Bronze', 'Warm Bronze'],
    ['Kupferbronze', 'Copper Bronze'],
  ]),
  blonde: pairs([
    ['Hellblond', 'Light Blonde'],
    ['Mittelblond', 'Medium Blonde'],
    ['Aschblond', 'Ash Blonde'],
  ]),
} as const satisfies Record<string, readonly Phrase[]>

export type Colour = keyof typeof colourShades

export interface IngredientWords {
  /** After the product noun: `Feuchtigkeitscreme mit Hyaluron`, `Körperlotion Sheabutter`. */
  suffix: { de: readonly string[]; en: readonly string[] }
  /** Before it: `Hyaluron Serum` (German may close the compound: `Hyaluronserum`). */
  prefix: Phrase
  /** A description sentence about it. */
  sentence: Phrase
  /** German closes the compound with a one-word noun (`Arganshampoo`, `Hyaluronserum`). */
  closes: boolean
}

const ingredient = (
  de: readonly string[],
  en: readonly string[],
  prefix: [string, string],
  sentence: [string, string],
  closes = false,
): IngredientWords => ({
  suffix: { de, en },
  prefix: { de: prefix[0], en: prefix[1] },
  sentence: { de: sentence[0], en: sentence[1] },
  closes,
})

/** Canonical ingredient id → how titles and descriptions name it. */
export const ingredients = {
  hyaluronic: ingredient(
    ['mit Hyaluron', 'mit Hyaluronsäure'],
    ['with Hyaluronic Acid'],
    ['Hyaluron', 'Hyaluronic Acid'],
    [
      'Hyaluronsäure bindet Feuchtigkeit und polstert die Haut sichtbar auf.',
      'Hyaluronic acid locks in moisture and visibly plumps the skin.',
    ],
    true,
  ),
  vitamin_c: ingredient(
    ['mit Vitamin C'],
    ['with Vitamin C'],
    ['Vitamin C', 'Vitamin C'],
    [
      'Vitamin C sorgt für einen strahlenden, ebenmäßigen Teint.',
      'Vitamin C brightens and evens out skin tone.',
    ],
  ),
  retinol: ingredient(
    ['mit Retinol'],
    ['with Retinol'],
    ['Retinol', 'Retinol'],
    [
      'Retinol mildert feine Linien und verfeinert das Hautbild.',
      'Retinol smooths fine lines and refines skin texture.',
    ],
    true,
  ),
  niacinamide: ingredient(
    ['mit Niacinamid'],
    ['with Niacinamide'],
    ['Niacinamid', 'Niacinamide'],
    [
      'Niacinamid verfeinert die Poren und beruhigt die Haut.',
      'Niacinamide minimises pores and calms the skin.',
    ],
  ),
  aloe: ingredient(
    ['mit Aloe Vera'],
    ['with Aloe Vera'],
    ['Aloe Vera', 'Aloe Vera'],
    ['Aloe Vera beruhigt und erfrischt.', 'Aloe vera soothes and refreshes.'],
  ),
  argan: ingredient(
    ['mit Arganöl'],
    ['with Argan Oil'],
    ['Argan', 'Argan'],
    ['Arganöl pflegt intensiv und schenkt Glanz.', 'Argan oil nourishes deeply and adds shine.'],
    true,
  ),
  shea: ingredient(
    ['mit Sheabutter', 'Sheabutter'],
    ['with Shea Butter'],
    ['Shea', 'Shea Butter'],
    [
      'Sheabutter pflegt reichhaltig und schützt vor dem Austrocknen.',
      'Shea butter richly nourishes and prevents dryness.',
    ],
  ),
  coconut: ingredient(
    ['mit Kokosöl', 'Kokos'],
    ['with Coconut Oil'],
    ['Kokos', 'Coconut'],
    ['Kokosöl pflegt geschmeidig und duftet nach Sommer.', 'Coconut oil softens and smells of summer.'],
    true,
  ),
  ceramides: ingredient(
    ['mit Ceramiden'],
    ['with Ceramides'],
    ['Ceramid', 'Ceramide'],
    ['Ceramide stärken die Hautbarriere.', 'Ceramides strengthen the skin barrier.'],
  ),
  collagen: ingredient(
    ['mit Kollagen'],
    ['with Collagen'],
    ['Kollagen', 'Collagen'],
    ['Kollagen unterstützt die Elastizität der Haut.', "Collagen supports the skin's elasticity."],
    true,
  ),
  salicylic: ingredient(
    ['mit Salicylsäure'],
    ['with Salicylic Acid'],
    ['Salicylsäure', 'Salicylic Acid'],
    ['Salicylsäure klärt unreine Haut.', 'Salicylic acid clears blemish-prone skin.'],
  ),
  caffeine: ingredient(
    ['mit Koffein'],
    ['with Caffeine'],
    ['Koffein', 'Caffeine'],
    ['Koffein belebt und mildert Schwellungen.', 'Caffeine energises and reduces puffiness.'],
    true,
  ),
  panthenol: ingredient(
    ['mit Panthenol'],
    ['with Panthenol'],
    ['Panthenol', 'Panthenol'],
    ['Panthenol beruhigt und unterstützt die Regeneration.', 'Panthenol soothes and supports repair.'],
  ),
  chamomile: ingredient(
    ['mit Kamille'],
    ['with Chamomile'],
    ['Kamillen', 'Chamomile'],
    ['Kamille beruhigt empfindliche Haut.', 'Chamomile calms sensitive skin.'],
    true,
  ),
  tea_tree: ingredient(
    ['mit Teebaumöl'],
    ['with Tea Tree Oil'],
    ['Teebaum', 'Tea Tree'],
    ['Teebaumöl wirkt klärend.', 'Tea tree oil has a clarifying effect.'],
    true,
  ),
  rose: ingredient(
    ['mit Rosenwasser'],
    ['with Rose Water'],
    ['Rosenwasser', 'Rose Water'],
    ['Rosenwasser erfrischt und spendet Feuchtigkeit.', 'Rose water refreshes and hydrates.'],
  ),
  peptides: ingredient(
    ['mit Peptiden'],
    ['with Peptides'],
    ['Peptid', 'Peptide'],
    ['Peptide straffen die Haut sichtbar.', 'Peptides visibly firm the skin.'],
  ),
  almond: ingredient(
    ['mit Mandelöl'],
    ['with Almond Oil'],
    ['Mandel', 'Almond'],
    ['Mandelöl macht die Haut zart und geschmeidig.', 'Almond oil leaves skin soft and supple.'],
    true,
  ),
  keratin: ingredient(
    ['mit Keratin'],
    ['with Keratin'],
    ['Keratin', 'Keratin'],
    ['Keratin repariert geschädigtes Haar von innen.', 'Keratin repairs damaged hair from within.'],
  ),
  urea: ingredient(
    ['mit Urea', 'mit 10 % Urea'],
    ['with Urea'],
    ['Urea', 'Urea'],
    [
      'Urea spendet sehr trockener Haut langanhaltend Feuchtigkeit.',
      'Urea provides long-lasting moisture for very dry skin.',
    ],
  ),
  jojoba: ingredient(
    ['mit Jojobaöl'],
    ['with Jojoba Oil'],
    ['Jojoba', 'Jojoba'],
    ['Jojobaöl pflegt, ohne zu fetten.', 'Jojoba oil nourishes without greasiness.'],
    true,
  ),
} as const satisfies Record<string, IngredientWords>

export type Ingredient = keyof typeof ingredients

export const domains = ['makeup', 'skin', 'hair', 'body', 'fragrance', 'nails', 'men'] as const
export type Domain = (typeof domains)[number]

/** Sentences any product of a domain may carry (none names a product type, colour or ingredient). */
export const domainSentences: Record<Domain, readonly Phrase[]> = {
  makeup: pairs([
    ['Vegan und ohne Tierversuche.', 'Vegan and cruelty-free.'],
    ['Dermatologisch getestet.', 'Dermatologically tested.'],
    ['Ideal für unterwegs.', 'Perfect for on the go.'],
  ]),
  skin: pairs([
    ['Für alle Hauttypen geeignet.', 'Suitable for all skin types.'],
    ['Dermatologisch getestet.', 'Dermatologically tested.'],
    ['Ohne Parabene und Silikone.', 'Free from parabens and silicones.'],
    ['Vegan formuliert.', 'Vegan formula.'],
  ]),
  hair: pairs([
    ['Ohne Silikone.', 'Silicone-free.'],
    ['Mild genug für jeden Tag.', 'Gentle enough for daily use.'],
    ['Vegan formuliert.', 'Vegan formula.'],
  ]),
  body: pairs([
    ['Dermatologisch getestet.', 'Dermatologically tested.'],
    ['pH-hautneutral.', 'pH-balanced for skin.'],
    ['Vegan formuliert.', 'Vegan formula.'],
  ]),
  fragrance: pairs([
    ['Ein Duft für jeden Anlass.', 'A scent for every occasion.'],
    ['Im eleganten Glasflakon.', 'In an elegant glass bottle.'],
  ]),
  nails: pairs([
    ['Vegan und ohne Tierversuche.', 'Vegan and cruelty-free.'],
    ['Frei von Formaldehyd.', 'Formaldehyde-free.'],
  ]),
  men: pairs([
    ['Speziell für Männerhaut entwickelt.', "Developed specifically for men's skin."],
    ['Dermatologisch getestet.', 'Dermatologically tested.'],
  ]),
}
