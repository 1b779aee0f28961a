import sharp from 'sharp'
import { thumbHashToDataURL } from 'thumbhash'
import { describe, expect, it } from 'vitest'
import { placeholderBytes } from './placeholder.ts'
import { createSharpImages, InvalidImageError } from './sharp.ts'

type Format = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif'

/** A noisy image, so a cut one really lacks pixel data. */
async function image(format: Format, width = 200, height = 120, orientation?: number): Promise<Uint8Array> {
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 40 }
  const create = { width, height, channels: 3 as const, background: '#808080', noise }
  let pipeline = sharp({ create }).toFormat(format)
  if (orientation) pipeline = pipeline.withMetadata({ orientation })
  return new Uint8Array(await pipeline.toBuffer())
}

const cut = (data: Uint8Array, fraction: number) => data.slice(0, Math.floor(data.byteLength * fraction))
const images = createSharpImages()

describe('sharp images: probe', () => {
  it.each(['jpeg', 'png', 'webp', 'avif', 'gif'] as const)('%s', async (format) => {
    expect(await images.probe(await image(format))).toEqual({ width: 200, height: 120, format })
  })

  it('reports display dimensions (EXIF orientation applied)', async () => {
    expect(await images.probe(await image('jpeg', 200, 120, 6))).toEqual({
      width: 120,
      height: 200,
      format: 'jpeg',
    })
  })

  it('refuses what is no accepted image: garbage, an SVG, a TIFF, a pixel flood', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    const tiff = new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
        .tiff()
        .toBuffer(),
    )
    for (const input of [new Uint8Array([1, 2, 3]), svg, tiff])
      await expect(images.probe(input)).rejects.toBeInstanceOf(InvalidImageError)
    const small = createSharpImages({ maxPixels: 1000 })
    await expect(small.probe(await image('png'))).rejects.toThrow(InvalidImageError)
    await expect(small.probe(await image('png'))).rejects.toMatchObject({ name: 'InvalidImageError' })
  })
})

describe('sharp images: transform', () => {
  it('makes a WebP variant of a given width, keeping the aspect ratio', async () => {
    const out = await images.transform(await image('jpeg'), { width: 100, format: 'webp', quality: 70 })
    expect(out).toMatchObject({ contentType: 'image/webp', width: 100, height: 60 })
    expect(await sharp(out.data).metadata()).toMatchObject({ format: 'webp', width: 100, height: 60 })
  })

  it('covers a box, rotates by EXIF, never upscales, and flattens alpha for JPEG', async () => {
    const cover = await images.transform(await image('png'), {
      width: 50,
      height: 50,
      fit: 'cover',
      format: 'avif',
    })
    expect(cover).toMatchObject({ contentType: 'image/avif', width: 50, height: 50 })
    const rotated = await images.transform(await image('jpeg', 200, 120, 6), { width: 60, format: 'png' })
    expect(rotated).toMatchObject({ width: 60, height: 100 })
    const small = await images.transform(await image('gif', 40, 20), { width: 400, format: 'jpeg' })
    expect(small).toMatchObject({ contentType: 'image/jpeg', width: 40, height: 20 })
    const alpha = new Uint8Array(
      await sharp({
        create: { width: 4, height: 4, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
      })
        .png()
        .toBuffer(),
    )
    const flat = await images.transform(alpha, { format: 'jpeg' })
    const { data } = await sharp(flat.data).raw().toBuffer({ resolveWithObject: true })
    expect(data[0]).toBeGreaterThan(250)
  })

  it('a truncated image is an InvalidImageError, for every format', async () => {
    for (const format of ['jpeg', 'png', 'webp', 'gif'] as const)
      await expect(
        images.transform(cut(await image(format), 0.6), { width: 50, format: 'webp' }),
      ).rejects.toThrow(InvalidImageError)
  })

  it('refuses bad options with a TypeError before decoding', async () => {
    const input = await image('png')
    await expect(images.transform(input, { width: 0, format: 'webp' })).rejects.toThrow(TypeError)
    await expect(images.transform(input, { format: 'tiff' as 'webp' })).rejects.toThrow(TypeError)
    await expect(images.transform(input, { format: 'webp', quality: 101 })).rejects.toThrow(TypeError)
    expect(() => createSharpImages({ maxPixels: -1 })).toThrow(TypeError)
  })
})

describe('sharp images: placeholder', () => {
  it('is a base64 ThumbHash that thumbhash renders', async () => {
    const hash = await images.placeholder(await image('jpeg', 400, 300))
    expect(hash).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(thumbHashToDataURL(placeholderBytes(hash!))).toMatch(/^data:image\/png;base64,/)
  })

  it('works for every format and for images smaller than 100 pixels', async () => {
    for (const format of ['png', 'webp', 'avif', 'gif'] as const)
      expect(await images.placeholder(await image(format, 30, 10))).toEqual(expect.any(String))
  })

  it('a truncated JPEG is an InvalidImageError', async () => {
    await expect(images.placeholder(cut(await image('jpeg'), 0.6))).rejects.toThrow(InvalidImageError)
  })
})

describe('sharp images: the port', () => {
  it('names its adapter and reports libvips', async () => {
    expect(images.adapter).toBe('sharp')
    expect(await images.health!()).toMatchObject({ status: 'ok', detail: expect.stringContaining('libvips') })
  })
})
