/**
 * QR codes for a link's short URL with the `qrcode` package (MIT). SVG is built from its core
 * and SVG renderer only (pure JS, every runtime); PNG needs its pngjs renderer (Node streams),
 * so it lives in qr-png.ts and is mounted by the container entries.
 */
// @ts-expect-error: internal modules of qrcode without type declarations
import QRCore from 'qrcode/lib/core/qrcode.js'
// @ts-expect-error: internal modules of qrcode without type declarations
import SvgTag from 'qrcode/lib/renderer/svg-tag.js'

export const qrSizes = [256, 512, 1024] as const
export type QrSize = (typeof qrSizes)[number]
export const qrOptions = { errorCorrectionLevel: 'M' as const, margin: 2 }

export function qrSvg(text: string): string {
  const code = (QRCore as { create(text: string, options: object): unknown }).create(text, qrOptions)
  return (SvgTag as { render(code: unknown, options: object): string }).render(code, {
    ...qrOptions,
    type: 'svg',
  })
}
