/**
 * Draws the demo images once (`node --import tsx packages/assets/demo/generate.ts`): four product
 * photos for the demo shop (800×800) and the Summer Glow campaign hero (1600×900), SVG rendered
 * to JPEG by sharp. The JPEGs are committed; this script only explains where they come from.
 * Rerunning it may change their bytes (another sharp/libvips, other fonts) and so their SHA-256:
 * nothing refers to a hash by value, the shop and the seeding hash the committed files.
 */
import { writeFileSync } from 'node:fs'
import sharp from 'sharp'

const here = new URL('./', import.meta.url)

/** Shared definitions: a soft shadow and a glossy highlight. */
const defs = `
<filter id="shadow" x="-30%" y="-30%" width="160%" height="160%">
  <feGaussianBlur stdDeviation="18"/>
</filter>
<linearGradient id="gloss" x1="0" y1="0" x2="1" y2="0">
  <stop offset="0" stop-color="#fff" stop-opacity="0"/>
  <stop offset="0.45" stop-color="#fff" stop-opacity="0.55"/>
  <stop offset="1" stop-color="#fff" stop-opacity="0"/>
</linearGradient>`

const studio = (from: string, to: string, extra = '') => `
<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
  <stop offset="0" stop-color="${from}"/>
  <stop offset="1" stop-color="${to}"/>
</linearGradient>${extra}`

const product = (backdrop: string, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
<defs>${defs}${backdrop}</defs>
<rect width="800" height="800" fill="url(#bg)"/>
<ellipse cx="400" cy="690" rx="230" ry="34" fill="#5a3040" opacity="0.28" filter="url(#shadow)"/>
${body}
</svg>`

const label = (x: number, y: number, text: string, size: number, colour: string) =>
  `<text x="${x}" y="${y}" font-family="sans-serif" font-size="${size}" font-weight="600" letter-spacing="3" text-anchor="middle" fill="${colour}">${text}</text>`

const images: Record<string, { svg: string; width: number; height: number }> = {
  // A dropper bottle of amber serum.
  'glow-serum.jpg': {
    width: 800,
    height: 800,
    svg: product(
      studio(
        '#fde9dc',
        '#f6c9ae',
        `<linearGradient id="glass" x1="0" y1="0" x2="1" y2="0">
  <stop offset="0" stop-color="#c8621f"/><stop offset="0.5" stop-color="#f29a4a"/><stop offset="1" stop-color="#b4541a"/>
</linearGradient>`,
      ),
      `<rect x="370" y="110" width="60" height="110" rx="28" fill="#2b2024"/>
<rect x="345" y="210" width="110" height="70" rx="10" fill="#d9b08c"/>
<rect x="355" y="220" width="90" height="50" rx="6" fill="#e8c6a4"/>
<rect x="280" y="270" width="240" height="420" rx="48" fill="url(#glass)"/>
<rect x="300" y="300" width="40" height="360" rx="20" fill="url(#gloss)" opacity="0.8"/>
<rect x="296" y="420" width="208" height="150" rx="10" fill="#fff7f0" opacity="0.92"/>
${label(400, 485, 'GLOW', 44, '#b0285a')}
${label(400, 530, 'SERUM · 30 ML', 20, '#7a4a3a')}`,
    ),
  },
  // A tinted lip oil with its wand cap.
  'rose-lip-oil.jpg': {
    width: 800,
    height: 800,
    svg: product(
      studio(
        '#fde6ee',
        '#f3b9cb',
        `<linearGradient id="oil" x1="0" y1="0" x2="1" y2="0">
  <stop offset="0" stop-color="#b8325a"/><stop offset="0.5" stop-color="#e8708f"/><stop offset="1" stop-color="#a42a4f"/>
</linearGradient>
<linearGradient id="cap" x1="0" y1="0" x2="1" y2="0">
  <stop offset="0" stop-color="#c9a27a"/><stop offset="0.5" stop-color="#f3dcc0"/><stop offset="1" stop-color="#b48a62"/>
</linearGradient>`,
      ),
      `<g transform="rotate(-8 400 420)">
<rect x="340" y="90" width="120" height="250" rx="22" fill="url(#cap)"/>
<rect x="352" y="110" width="22" height="210" rx="11" fill="url(#gloss)" opacity="0.7"/>
<rect x="330" y="330" width="140" height="360" rx="26" fill="url(#oil)"/>
<rect x="348" y="360" width="30" height="300" rx="15" fill="url(#gloss)" opacity="0.8"/>
${label(400, 520, 'ROSE', 38, '#fff7f0')}
${label(400, 560, 'LIP OIL', 22, '#ffe3ea')}
</g>
<circle cx="600" cy="240" r="46" fill="#e8708f" opacity="0.35"/>
<circle cx="640" cy="300" r="22" fill="#e8708f" opacity="0.25"/>`,
    ),
  },
  // A squeeze tube of sun fluid.
  'spf50-fluid.jpg': {
    width: 800,
    height: 800,
    svg: product(
      studio(
        '#fff7d6',
        '#ffe08a',
        `<linearGradient id="tube" x1="0" y1="0" x2="1" y2="0">
  <stop offset="0" stop-color="#f1ece2"/><stop offset="0.5" stop-color="#ffffff"/><stop offset="1" stop-color="#e4ddd0"/>
</linearGradient>
<radialGradient id="sun" cx="0.5" cy="0.5" r="0.5">
  <stop offset="0" stop-color="#ffb84d"/><stop offset="1" stop-color="#ffb84d" stop-opacity="0"/>
</radialGradient>`,
      ),
      `<circle cx="620" cy="200" r="150" fill="url(#sun)"/>
<path d="M300 120 L500 120 L470 560 Q400 590 330 560 Z" fill="url(#tube)"/>
<rect x="290" y="100" width="220" height="30" rx="6" fill="#e9e2d4"/>
<rect x="345" y="560" width="110" height="130" rx="14" fill="#f29a4a"/>
<rect x="330" y="170" width="26" height="360" rx="13" fill="url(#gloss)" opacity="0.6"/>
${label(400, 300, 'SPF', 56, '#f29a4a')}
${label(400, 370, '50', 72, '#e06c2a')}
${label(400, 420, 'DAILY FLUID', 20, '#7a6870')}`,
    ),
  },
  // A jar of pink clay with its lid leaning beside it.
  'pink-clay-mask.jpg': {
    width: 800,
    height: 800,
    svg: product(
      studio(
        '#fdeef2',
        '#f2a7b8',
        `<linearGradient id="jar" x1="0" y1="0" x2="1" y2="0">
  <stop offset="0" stop-color="#e58fa5"/><stop offset="0.5" stop-color="#f7c3d0"/><stop offset="1" stop-color="#d77b93"/>
</linearGradient>
<radialGradient id="clay" cx="0.4" cy="0.4" r="0.7">
  <stop offset="0" stop-color="#f9cdd6"/><stop offset="1" stop-color="#e7a0b2"/>
</radialGradient>`,
      ),
      `<ellipse cx="590" cy="560" rx="120" ry="120" fill="#f5f0ee" stroke="#e3d6d2" stroke-width="10"/>
<ellipse cx="590" cy="560" rx="86" ry="86" fill="none" stroke="#eadfdb" stroke-width="4"/>
<rect x="190" y="430" width="320" height="260" rx="36" fill="url(#jar)"/>
<ellipse cx="350" cy="430" rx="160" ry="42" fill="#f0c0cc"/>
<ellipse cx="350" cy="432" rx="140" ry="32" fill="url(#clay)"/>
<path d="M300 430 q30 -18 60 0 q30 18 60 0" stroke="#f9dfe5" stroke-width="8" fill="none"/>
<rect x="212" y="470" width="28" height="190" rx="14" fill="url(#gloss)" opacity="0.7"/>
<rect x="250" y="530" width="200" height="90" rx="8" fill="#fff7f9" opacity="0.9"/>
${label(350, 570, 'PINK CLAY', 26, '#b0285a')}
${label(350, 602, 'MASK · 75 ML', 16, '#7a6870')}`,
    ),
  },
  // The campaign hero: a sunset gradient, the sun, the range, and the campaign's name.
  'summer-glow-campaign.jpg': {
    width: 1600,
    height: 900,
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900">
<defs>${defs}
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
  <stop offset="0" stop-color="#ff9a8b"/><stop offset="0.55" stop-color="#ffc3a0"/><stop offset="1" stop-color="#ffe7c7"/>
</linearGradient>
<radialGradient id="sun" cx="0.5" cy="0.5" r="0.5">
  <stop offset="0" stop-color="#fff3c4"/><stop offset="0.6" stop-color="#ffd27a"/><stop offset="1" stop-color="#ffb35c" stop-opacity="0"/>
</radialGradient>
<linearGradient id="sea" x1="0" y1="0" x2="0" y2="1">
  <stop offset="0" stop-color="#f7a3a8"/><stop offset="1" stop-color="#d9607e"/>
</linearGradient>
<linearGradient id="glass" x1="0" y1="0" x2="1" y2="0">
  <stop offset="0" stop-color="#c8621f"/><stop offset="0.5" stop-color="#f29a4a"/><stop offset="1" stop-color="#b4541a"/>
</linearGradient>
<linearGradient id="oil" x1="0" y1="0" x2="1" y2="0">
  <stop offset="0" stop-color="#b8325a"/><stop offset="0.5" stop-color="#e8708f"/><stop offset="1" stop-color="#a42a4f"/>
</linearGradient>
</defs>
<rect width="1600" height="900" fill="url(#sky)"/>
<circle cx="1150" cy="430" r="330" fill="url(#sun)"/>
<path d="M0 600 Q400 560 800 600 T1600 600 V900 H0 Z" fill="url(#sea)"/>
<path d="M0 660 Q400 630 800 660 T1600 660" stroke="#ffd9c4" stroke-width="6" fill="none" opacity="0.6"/>
<path d="M0 720 Q400 695 800 720 T1600 720" stroke="#ffd9c4" stroke-width="4" fill="none" opacity="0.45"/>
<ellipse cx="1180" cy="815" rx="280" ry="30" fill="#5a3040" opacity="0.35" filter="url(#shadow)"/>
<rect x="1020" y="470" width="44" height="80" rx="20" fill="#2b2024"/>
<rect x="1002" y="540" width="80" height="50" rx="8" fill="#d9b08c"/>
<rect x="950" y="580" width="184" height="240" rx="38" fill="url(#glass)"/>
<rect x="966" y="600" width="30" height="200" rx="15" fill="url(#gloss)" opacity="0.8"/>
<rect x="1190" y="470" width="90" height="160" rx="18" fill="#e8c6a4"/>
<rect x="1182" y="620" width="106" height="200" rx="20" fill="url(#oil)"/>
<rect x="1196" y="640" width="22" height="160" rx="11" fill="url(#gloss)" opacity="0.8"/>
<rect x="1330" y="680" width="200" height="140" rx="24" fill="#f2a7b8"/>
<ellipse cx="1430" cy="680" rx="100" ry="26" fill="#f7c3d0"/>
<text x="120" y="380" font-family="sans-serif" font-size="150" font-weight="700" fill="#fff" opacity="0.96">Summer</text>
<text x="120" y="530" font-family="sans-serif" font-size="150" font-weight="700" fill="#b0285a">Glow</text>
<text x="126" y="610" font-family="sans-serif" font-size="36" letter-spacing="4" fill="#5a3040">WITH LENA &amp; MIA · DEMO BEAUTY</text>
</svg>`,
  },
}

for (const [file, image] of Object.entries(images)) {
  const bytes = await sharp(Buffer.from(image.svg))
    .resize(image.width, image.height)
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer()
  writeFileSync(new URL(file, here), bytes)
  console.log(`${file}: ${image.width}×${image.height}, ${Math.round(bytes.byteLength / 1024)} KB`)
}
