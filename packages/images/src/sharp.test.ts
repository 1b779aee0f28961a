import zlib from 'node:zlib'
import sharp from 'sharp'
import { thumbHashToDataURL } from 'thumbhash'
import { describe, expect, it } from 'vitest'
import * as errors from './errors.ts'
import { placeholderBytes } from './placeholder.ts'
import { asImageError, createSharpImages, InvalidImageError, type SharpImages } from './sharp.ts'

type Format = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif'

/** A noisy image, so a cut one really lacks pixel data. */
async function image(format: Format, width = 200, height = 120, orientation?: number): Promise<Uint8Array> {
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 40 }
  const create = { width, height, channels: 3 as const, background: '#808080', noise }
  let pipeline = sharp({ create }).toFormat(format)
  if (orientation) pipeline = pipeline.withMetadata({ orientation })
  return new Uint8Array(await pipeline.toBuffer())
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(body))
  return Buffer.concat([length, body, crc])
}

/**
 * A PNG written by hand, so its header can claim any size: greyscale (`bits` 1 or 8) or RGB, with
 * only `rows` rows of pixel data (each byte of row y is `fill(y)`): a decompression bomb is a big
 * header on a small file.
 */
function handPng(
  width: number,
  height: number,
  options: { bits?: 1 | 8; rgb?: boolean; rows?: number; fill?: (y: number) => number } = {},
): Uint8Array {
  const { bits = 8, rgb = false, rows = height, fill = () => 0 } = options
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = bits
  header[9] = rgb ? 2 : 0
  const rowBytes = 1 + Math.ceil((width * bits * (rgb ? 3 : 1)) / 8)
  const raw = Buffer.alloc(rowBytes * rows)
  for (let y = 0; y < rows; y++) raw.fill(fill(y), y * rowBytes + 1, (y + 1) * rowBytes)
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])
  const idat = pngChunk('IDAT', zlib.deflateSync(raw))
  return new Uint8Array(
    Buffer.concat([signature, pngChunk('IHDR', header), idat, pngChunk('IEND', Buffer.alloc(0))]),
  )
}

/** Big enough that encoding it takes seconds (about 5 s for 20000², 1 s for 8000², on 1 libvips thread). */
const stripes = (side: number) => handPng(side, side, { bits: 1, fill: (y) => (y & 8 ? 0xaa : 0x55) })

/** A valid 4×4 PNG, for calls refused before any work. */
const tiny = handPng(4, 4)

/** An animated image of 60×40 frames, one per colour. */
async function animation(format: 'gif' | 'webp', colours = ['#f00', '#0f0', '#00f'], orientation?: number) {
  const frames = await Promise.all(
    colours.map((background) =>
      sharp({ create: { width: 60, height: 40, channels: 4, background } })
        .png()
        .toBuffer(),
    ),
  )
  let pipeline = sharp(frames, { join: { animated: true } })
  if (orientation) pipeline = pipeline.withMetadata({ orientation })
  const options = { delay: [100, 200, 300], loop: 0 }
  return new Uint8Array(await (format === 'gif' ? pipeline.gif(options) : pipeline.webp(options)).toBuffer())
}

/** The first pixel's RGB. */
async function firstPixel(data: Uint8Array): Promise<number[]> {
  const { data: raw } = await sharp(data).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return [...raw.subarray(0, 3)]
}

async function until(condition: () => boolean) {
  for (let i = 0; !condition(); i++) {
    if (i > 2000) throw new Error('condition never held')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

async function elapsed(work: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const start = performance.now()
  const error = await work().then(
    () => undefined,
    (err: unknown) => err,
  )
  return { ms: performance.now() - start, error }
}

const cut = (data: Uint8Array, fraction: number) => data.slice(0, Math.floor(data.byteLength * fraction))
const images = createSharpImages()

describe('image errors', () => {
  it('are told apart by name, and sharp.ts re-exports them', () => {
    for (const [name, type] of Object.entries(errors)) {
      expect(new type('x').name).toBe(name)
      expect(new type('x')).toBeInstanceOf(Error)
    }
    expect(InvalidImageError).toBe(errors.InvalidImageError)
    const tooLarge = new errors.ImageTooLargeError('big', { width: 3, height: 4, maxPixels: 10 })
    expect(tooLarge).toMatchObject({ width: 3, height: 4, maxPixels: 10 })
    expect(new errors.ImageTooLargeError('big')).not.toHaveProperty('cause')
  })

  it("name sharp's failures: its time budget, its pixel limit, or else the input", () => {
    const timeout = new Error('timeout: 21% complete\nVipsImage: killed for image "temp-54"')
    expect(asImageError(timeout)).toMatchObject({ name: 'ImageTimeoutError', cause: timeout })
    expect(asImageError(new Error('Input image exceeds pixel limit'), 1000)).toMatchObject({
      name: 'ImageTooLargeError',
      maxPixels: 1000,
    })
    expect(asImageError(new Error('VipsJpeg: Premature end of input file'))).toMatchObject({
      name: 'InvalidImageError',
    })
  })
})

describe('sharp images: probe', () => {
  it.each(['jpeg', 'png', 'webp', 'avif', 'gif'] as const)('%s', async (format) => {
    expect(await images.probe(await image(format))).toEqual({ width: 200, height: 120, format, pages: 1 })
  })

  it('reports display dimensions (EXIF orientation applied)', async () => {
    expect(await images.probe(await image('jpeg', 200, 120, 6))).toEqual({
      width: 120,
      height: 200,
      format: 'jpeg',
      pages: 1,
    })
  })

  it('reports the frames of an animated GIF or WebP', async () => {
    for (const format of ['gif', 'webp'] as const)
      expect(await images.probe(await animation(format))).toEqual({ width: 60, height: 40, format, pages: 3 })
  })

  it('refuses what is no accepted image: garbage, an SVG, a TIFF', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    const tiff = new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
        .tiff()
        .toBuffer(),
    )
    for (const input of [new Uint8Array([1, 2, 3]), svg, tiff])
      await expect(images.probe(input)).rejects.toMatchObject({ name: 'InvalidImageError' })
  })

  it('refuses more pixels than maxPixels with an ImageTooLargeError', async () => {
    const small = createSharpImages({ maxPixels: 1000 })
    await expect(small.probe(await image('png'))).rejects.toMatchObject({
      name: 'ImageTooLargeError',
      width: 200,
      height: 120,
      maxPixels: 1000,
    })
  })
})

describe('sharp images: decompression bombs', () => {
  // 50,000×50,000 RGB is 7.5 GB decoded, in a file of under 1 kB.
  const bomb = handPng(50_000, 50_000, { rgb: true, rows: 4 })

  it('the hand-made PNG is what it claims', async () => {
    expect(bomb.byteLength).toBeLessThan(2000)
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({
      format: 'png',
      width: 50_000,
      height: 50_000,
    })
  })

  it.each([
    ['probe', () => images.probe(bomb)],
    ['transform', () => images.transform(bomb, { width: 100, format: 'webp' })],
    ['placeholder', () => images.placeholder(bomb)],
  ])('%s refuses one from its header within 100 ms', async (_, work) => {
    const { ms, error } = await elapsed(work)
    expect(error).toMatchObject({
      name: 'ImageTooLargeError',
      width: 50_000,
      height: 50_000,
      maxPixels: 100_000_000,
    })
    expect(ms).toBeLessThan(100)
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

  it('strips all metadata (EXIF, XMP, ICC) from every format', async () => {
    const tagged = new Uint8Array(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c83' } })
        .withMetadata({ orientation: 6 })
        .withExif({ IFD0: { Copyright: 'someone' } })
        .withIccProfile('p3')
        .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')
        .jpeg()
        .toBuffer(),
    )
    expect(await sharp(tagged).metadata()).toMatchObject({
      exif: expect.anything(),
      xmp: expect.anything(),
      icc: expect.anything(),
      orientation: 6,
    })
    for (const format of ['jpeg', 'png', 'webp', 'avif'] as const) {
      const out = await images.transform(tagged, { format })
      expect(out).toMatchObject({ width: 48, height: 64 })
      const meta = await sharp(out.data).metadata()
      expect([meta.exif, meta.xmp, meta.icc, meta.orientation ?? 1]).toEqual([
        undefined,
        undefined,
        undefined,
        1,
      ])
    }
  })

  it('turns CMYK, 16-bit and greyscale inputs into 8-bit sRGB', async () => {
    const base = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#c83' } })
    const inputs = {
      cmyk: await base().toColourspace('cmyk').jpeg().toBuffer(),
      rgb16: await base().toColourspace('rgb16').png().toBuffer(),
      'b-w': await base().toColourspace('b-w').png().toBuffer(),
    }
    for (const [space, input] of Object.entries(inputs)) {
      expect((await sharp(input).metadata()).space).toBe(space)
      for (const format of ['png', 'webp'] as const) {
        const out = await images.transform(new Uint8Array(input), { format })
        expect(await sharp(out.data).metadata()).toMatchObject({ space: 'srgb', depth: 'uchar' })
      }
    }
  })

  it('defaults quality to JPEG 80, WebP 80, AVIF 50, and ignores it for PNG', async () => {
    const input = await image('jpeg', 64, 48)
    for (const [format, quality] of [
      ['jpeg', 80],
      ['webp', 80],
      ['avif', 50],
    ] as const) {
      const implied = await images.transform(input, { format })
      const given = await images.transform(input, { format, quality })
      const other = await images.transform(input, { format, quality: quality - 30 })
      expect(Buffer.from(implied.data).equals(given.data)).toBe(true)
      expect(Buffer.from(implied.data).equals(other.data)).toBe(false)
    }
    // sharp's PNG `quality` would quantise to a palette: a variant stays lossless.
    const png = await images.transform(input, { format: 'png', quality: 10 })
    expect(Buffer.from(png.data).equals((await images.transform(input, { format: 'png' })).data)).toBe(true)
    expect(await sharp(png.data).metadata()).toMatchObject({ isPalette: false })
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
    await expect(images.transform(new Uint8Array([1]), { width: -1, format: 'webp' })).rejects.toThrow(
      TypeError,
    )
  })

  it('refuses bad settings with a TypeError at once', () => {
    for (const settings of [
      { maxPixels: -1 },
      { timeoutSeconds: -1 },
      { timeoutSeconds: 1.5 },
      { timeoutSeconds: 3601 },
      { concurrency: 0 },
      { maxQueue: -1 },
    ])
      expect(() => createSharpImages(settings)).toThrow(TypeError)
  })
})

describe('sharp images: animated inputs', () => {
  it('an animated GIF or WebP stays animated as WebP, every frame resized', async () => {
    for (const format of ['gif', 'webp'] as const) {
      const out = await images.transform(await animation(format), {
        width: 30,
        format: 'webp',
        animated: true,
      })
      expect(out).toMatchObject({ contentType: 'image/webp', width: 30, height: 20 })
      expect(await sharp(out.data).metadata()).toMatchObject({
        pages: 3,
        width: 30,
        height: 20,
        delay: [100, 200, 300],
        loop: 0,
      })
      const frames = await sharp(out.data, { animated: true }).raw().toBuffer({ resolveWithObject: true })
      expect(frames.info).toMatchObject({ width: 30, height: 60 })
    }
  })

  it('covers and contains a box frame by frame', async () => {
    const input = await animation('gif')
    for (const fit of ['cover', 'contain'] as const) {
      const out = await images.transform(input, {
        width: 30,
        height: 30,
        fit,
        format: 'webp',
        animated: true,
      })
      expect(out).toMatchObject({ width: 30, height: 30 })
      expect(await sharp(out.data).metadata()).toMatchObject({ pages: 3, width: 30, height: 30 })
    }
  })

  it('becomes its first frame when not asked to animate, or as JPEG, PNG or AVIF', async () => {
    const input = await animation('gif')
    const outputs = [
      await images.transform(input, { width: 30, format: 'webp' }),
      await images.transform(input, { width: 30, format: 'webp', animated: false }),
      ...(await Promise.all(
        (['jpeg', 'png', 'avif'] as const).map((format) =>
          images.transform(input, { width: 30, format, animated: true }),
        ),
      )),
    ]
    for (const out of outputs) {
      expect(out).toMatchObject({ width: 30, height: 20 })
      expect((await sharp(out.data).metadata()).pages ?? 1).toBe(1)
      const [r, g, b] = await firstPixel(out.data)
      expect(r).toBeGreaterThan(200)
      expect(g! + b!).toBeLessThan(60)
    }
  })

  it('becomes its first frame, upright, when EXIF asks for a quarter turn (libvips cannot turn frames)', async () => {
    const out = await images.transform(await animation('webp', undefined, 6), {
      format: 'webp',
      animated: true,
    })
    expect(out).toMatchObject({ width: 40, height: 60 })
    expect((await sharp(out.data).metadata()).pages ?? 1).toBe(1)
  })

  it('counts the pixels of every frame kept against maxPixels', async () => {
    const input = await animation('gif') // 3 frames of 2400 pixels
    const limited = createSharpImages({ maxPixels: 5000 })
    await expect(limited.transform(input, { format: 'webp', animated: true })).rejects.toMatchObject({
      name: 'ImageTooLargeError',
      width: 60,
      height: 120,
    })
    expect(await limited.transform(input, { format: 'webp' })).toMatchObject({ width: 60, height: 40 })
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

describe('sharp images: concurrency', () => {
  /** An 8000² transform: about a second of work, long enough to watch the queue. */
  const slow = (on: SharpImages) => on.transform(stripes(8000), { format: 'jpeg' })

  it('runs `concurrency` at once, queues `maxQueue` in order, and refuses more with ImagesBusyError', async () => {
    const limited = createSharpImages({ concurrency: 1, maxQueue: 1 })
    expect(limited.load()).toEqual({ running: 0, queued: 0, concurrency: 1 })
    const done: string[] = []
    const first = slow(limited).then(() => done.push('first'))
    await until(() => limited.load().running === 1)
    const second = limited.transform(await image('png'), { format: 'webp' }).then(() => done.push('second'))
    await until(() => limited.load().queued === 1)
    expect(limited.load()).toEqual({ running: 1, queued: 1, concurrency: 1 })
    expect(await limited.health()).toMatchObject({
      status: 'degraded',
      detail: expect.stringContaining('1 at once, 1 thread'),
    })
    expect((await limited.health()).detail).toMatch(/1 running, 1 queued$/)

    const { ms, error } = await elapsed(() => limited.placeholder(tiny))
    expect(error).toMatchObject({ name: 'ImagesBusyError' })
    expect(ms).toBeLessThan(100)

    await Promise.all([first, second])
    expect(done).toEqual(['first', 'second'])
    expect(limited.load()).toEqual({ running: 0, queued: 0, concurrency: 1 })
    expect(await limited.health()).toMatchObject({ status: 'ok' })
  })

  it('frees the slot of a failed transform', async () => {
    const limited = createSharpImages({ concurrency: 1, maxQueue: 0 })
    await expect(limited.transform(cut(await image('jpeg'), 0.6), { format: 'webp' })).rejects.toThrow(
      InvalidImageError,
    )
    expect(limited.load()).toEqual({ running: 0, queued: 0, concurrency: 1 })
    expect(await limited.placeholder(await image('png'))).toEqual(expect.any(String))
  })

  it('refuses a decompression bomb at once even when every slot is busy', async () => {
    const limited = createSharpImages({ concurrency: 1, maxQueue: 0 })
    const running = slow(limited)
    await until(() => limited.load().running === 1)
    const { ms, error } = await elapsed(() => limited.probe(handPng(50_000, 50_000, { rows: 2 })))
    expect(error).toMatchObject({ name: 'ImageTooLargeError' })
    expect(ms).toBeLessThan(100)
    await running
  })

  it('says in health what it runs', async () => {
    expect(images.adapter).toBe('sharp')
    const concurrency = images.load().concurrency
    expect(concurrency).toBeGreaterThanOrEqual(1)
    const health = await images.health()
    expect(health.status).toBe('ok')
    expect(health.detail).toMatch(
      new RegExp(
        `^sharp 0\\.34\\.\\d+, libvips [\\d.]+, ${concurrency} at once, \\d+ threads? each, 0 running, 0 queued$`,
      ),
    )
  })
})

describe('sharp images: time budget', () => {
  it("a pipeline over `timeoutSeconds` is stopped by libvips: an ImageTimeoutError with sharp's message", async () => {
    // 20000² takes about 9 s here to resize and encode: stopped after one.
    const input = stripes(20_000)
    const budgeted = createSharpImages({ maxPixels: 400_000_000, timeoutSeconds: 1 })
    const { ms, error } = await elapsed(() => budgeted.transform(input, { width: 15_000, format: 'jpeg' }))
    expect(error).toMatchObject({
      name: 'ImageTimeoutError',
      message: expect.stringMatching(/timeout: \d+% complete/),
    })
    expect(ms).toBeGreaterThan(900)
    expect(ms).toBeLessThan(2000)
    expect(budgeted.load().running).toBe(0)
  })

  // Last in the file: libvips keeps encoding in the background for seconds after.
  it('an AVIF encode, which libvips does not watch, is answered a second after the budget; its slot stays taken', async () => {
    // Noise is the AVIF encoder's worst case: at the adapter's effort 2, 1.5 s for one megapixel
    // on one thread here (too close to the 2 s it is answered at) and 8 s for four.
    const input = await image('png', 2000, 2000)
    const budgeted = createSharpImages({ timeoutSeconds: 1, concurrency: 1 })
    const { ms, error } = await elapsed(() => budgeted.transform(input, { format: 'avif' }))
    expect(error).toMatchObject({
      name: 'ImageTimeoutError',
      message: expect.stringContaining('libvips may still be finishing it'),
    })
    expect(ms).toBeGreaterThan(1900)
    expect(ms).toBeLessThan(2500)
    expect(budgeted.load()).toEqual({ running: 1, queued: 0, concurrency: 1 })
  })
})
