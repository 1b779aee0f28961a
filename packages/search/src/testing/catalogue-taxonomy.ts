/**
 * The Google product taxonomy categories the generated catalogue uses, copied from the shipped
 * files (packages/catalog/data, English 2021-09-21, German 2015-02-19) so generation reads no
 * file; catalogue.test.ts checks every row against those files. Only ids the German file has too.
 */

export interface CatalogueCategory {
  /** The ids on the path, root first (the category last). */
  ids: readonly number[]
  en: string
  de: string
}

export const catalogueCategories: Readonly<Record<number, CatalogueCategory>> = {
  3021: {
    ids: [469, 2915, 473, 477, 2645, 3021],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Lip Makeup > Lipstick',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Lippen > Lippenstift',
  },
  2858: {
    ids: [469, 2915, 473, 477, 2645, 2858],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Lip Makeup > Lip Gloss',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Lippen > Lipgloss',
  },
  2589: {
    ids: [469, 2915, 473, 477, 2645, 2589],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Lip Makeup > Lip Liner',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Lippen > Lipliner',
  },
  482: {
    ids: [469, 2915, 473, 567, 482],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care > Lip Balms & Treatments',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege > Lippenpflege',
  },
  2834: {
    ids: [469, 2915, 473, 477, 2779, 2834],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Eye Makeup > Mascara',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Augen > Mascara',
  },
  2807: {
    ids: [469, 2915, 473, 477, 2779, 2807],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Eye Makeup > Eyeliner',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Augen > Eyeliner & Kajal',
  },
  2904: {
    ids: [469, 2915, 473, 477, 2779, 2904],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Eye Makeup > Eye Shadow',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Augen > Lidschatten',
  },
  2765: {
    ids: [469, 2915, 473, 477, 2571, 2765],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Face Makeup > Foundations & Concealers',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Teint > Grundierungen & Concealer',
  },
  6305: {
    ids: [469, 2915, 473, 477, 2571, 6305],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Face Makeup > Blushes & Bronzers',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Teint > Rouge & Bronzepuder',
  },
  6304: {
    ids: [469, 2915, 473, 477, 2571, 6304],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Face Makeup > Highlighters & Luminizers',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Teint > Highlighter & Luminizer',
  },
  8218: {
    ids: [469, 2915, 473, 477, 2571, 8218],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Face Makeup > Face Primer',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Teint > Gesichtsgrundierung',
  },
  2980: {
    ids: [469, 2915, 473, 477, 2571, 2980],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Face Makeup > Face Powder',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Teint > Puder',
  },
  6072: {
    ids: [469, 2915, 473, 477, 6072],
    en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Makeup Finishing Sprays',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Spray zum Fixieren von Make-up',
  },
  2683: {
    ids: [469, 2915, 473, 478, 2683],
    en: 'Health & Beauty > Personal Care > Cosmetics > Nail Care > Nail Polishes',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Nagelpflege > Nagellacke',
  },
  2946: {
    ids: [469, 2915, 473, 478, 2946],
    en: 'Health & Beauty > Personal Care > Cosmetics > Nail Care > Nail Polish Removers',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Nagelpflege > Nagellackentferner',
  },
  3009: {
    ids: [469, 2915, 473, 478, 3009],
    en: 'Health & Beauty > Personal Care > Cosmetics > Nail Care > Cuticle Cream & Oil',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Nagelpflege > Nagelhautcremes & -Lotionen',
  },
  479: {
    ids: [469, 2915, 473, 479],
    en: 'Health & Beauty > Personal Care > Cosmetics > Perfume & Cologne',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Düfte',
  },
  2592: {
    ids: [469, 2915, 473, 567, 2592],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care > Lotion & Moisturizer',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege > Lotion & Feuchtigkeitscremes',
  },
  567: {
    ids: [469, 2915, 473, 567],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege',
  },
  6262: {
    ids: [469, 2915, 473, 567, 6262],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care > Skin Care Masks & Peels',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege > Gesichtspeeling',
  },
  2526: {
    ids: [469, 2915, 473, 567, 2526],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care > Facial Cleansers',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege > Gesichtsreiniger',
  },
  5976: {
    ids: [469, 2915, 473, 567, 5976],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care > Toners & Astringents',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege > Reinigungswasser & Adstringentien',
  },
  6034: {
    ids: [469, 2915, 473, 567, 6034],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care > Makeup Removers',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege > Make-up-Entferner',
  },
  2844: {
    ids: [469, 2915, 473, 567, 2844],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care > Sunscreen',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege > Sonnencreme',
  },
  5338: {
    ids: [469, 2915, 473, 567, 2740, 5338],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care > Tanning Products > Self Tanner',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege > Bräunungsprodukte > Selbstbräuner',
  },
  6104: {
    ids: [469, 2915, 473, 567, 6104],
    en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care > Body Oil',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege > Körperöle',
  },
  2747: {
    ids: [469, 2915, 473, 474, 2747],
    en: 'Health & Beauty > Personal Care > Cosmetics > Bath & Body > Body Wash',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Badeartikel > Waschlotion',
  },
  2522: {
    ids: [469, 2915, 473, 474, 2522],
    en: 'Health & Beauty > Personal Care > Cosmetics > Bath & Body > Bath Additives',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Badeartikel > Schaumbäder & Badesalze',
  },
  2503: {
    ids: [469, 2915, 473, 474, 2503],
    en: 'Health & Beauty > Personal Care > Cosmetics > Bath & Body > Bar Soap',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Badeartikel > Seife',
  },
  3208: {
    ids: [469, 2915, 473, 474, 3208],
    en: 'Health & Beauty > Personal Care > Cosmetics > Bath & Body > Liquid Hand Soap',
    de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Badeartikel > Flüssigseifen',
  },
  484: {
    ids: [469, 2915, 484],
    en: 'Health & Beauty > Personal Care > Deodorant & Anti-Perspirant',
    de: 'Gesundheit & Schönheit > Körperpflege > Deodorants & Antitranspirante',
  },
  2441: {
    ids: [469, 2915, 486, 2441],
    en: 'Health & Beauty > Personal Care > Hair Care > Shampoo & Conditioner',
    de: 'Gesundheit & Schönheit > Körperpflege > Haarkosmetik > Shampoo & Spülung',
  },
  486: {
    ids: [469, 2915, 486],
    en: 'Health & Beauty > Personal Care > Hair Care',
    de: 'Gesundheit & Schönheit > Körperpflege > Haarkosmetik',
  },
  1901: {
    ids: [469, 2915, 486, 1901],
    en: 'Health & Beauty > Personal Care > Hair Care > Hair Styling Products',
    de: 'Gesundheit & Schönheit > Körperpflege > Haarkosmetik > Styling-Gel, Haarspray & Haarschaum',
  },
  2814: {
    ids: [469, 2915, 486, 2814],
    en: 'Health & Beauty > Personal Care > Hair Care > Hair Color',
    de: 'Gesundheit & Schönheit > Körperpflege > Haarkosmetik > Haarfärbemittel',
  },
  2971: {
    ids: [469, 2915, 528, 2971],
    en: 'Health & Beauty > Personal Care > Shaving & Grooming > Shaving Cream',
    de: 'Gesundheit & Schönheit > Körperpflege > Rasieren & Trimmen > Rasiercreme',
  },
  529: {
    ids: [469, 2915, 528, 529],
    en: 'Health & Beauty > Personal Care > Shaving & Grooming > Aftershave',
    de: 'Gesundheit & Schönheit > Körperpflege > Rasieren & Trimmen > Rasierwasser',
  },
}
