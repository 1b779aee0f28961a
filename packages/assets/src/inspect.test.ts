import { Buffer, isUtf8 } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import {
  bytes,
  concat,
  cut,
  gzip,
  image,
  imageFormats,
  jpegSegment,
  noise,
  pdf,
  pngChunk,
  text,
  withDeclaredSize,
  withSegments,
  zip,
} from './fixtures/samples.ts'
import type { Format } from './formats.ts'
import { createInspector, headBytes, type Inspection } from './inspect/index.ts'
import {
  createDecoderTextValidator,
  createNativeTextValidator,
  createTextValidator,
  type TextValidator,
} from './inspect/text.ts'

/** Inspects `data` fed in chunks of `size` bytes (or the given sizes, repeated). */
function inspect(
  format: Format,
  data: Uint8Array,
  size: number | number[] = 64 * 1024,
  options?: { maxPixels?: number },
): Inspection {
  const inspector = createInspector(format, options)
  const sizes = typeof size === 'number' ? [size] : size
  for (let at = 0, n = 0; at < data.byteLength; n++) {
    const next = at + sizes[n % sizes.length]!
    inspector.write(data.slice(at, next))
    at = next
  }
  return inspector.finish()
}

const codeOf = (result: Inspection) => result.problem?.code
const php = bytes('<?php system($_GET[c]); ?>')

describe('images: dimensions and pixel floods', () => {
  it.each(imageFormats)('%s: a clean image passes with its dimensions, in any chunking', async (format) => {
    const data = await image(format, { width: 120, height: 80 })
    for (const chunks of [64 * 1024, 1, 7, [3, 1000, 1]])
      expect(inspect(format, data, chunks)).toEqual({ width: 120, height: 80 })
  })

  it('reports display dimensions: an EXIF orientation of 6 swaps them', async () => {
    const data = await image('jpeg', { width: 120, height: 80, orientation: 6 })
    expect(inspect('jpeg', data)).toEqual({ width: 80, height: 120 })
  })

  it('reads a JPEG’s frame header past 128 KiB of metadata segments', async () => {
    const app = jpegSegment(0xe2, noise(65_000, 3))
    const data = withSegments(await image('jpeg', { width: 120, height: 80 }), app, app, app)
    expect(data.indexOf(0xc0, headBytes)).toBeGreaterThan(0)
    expect(inspect('jpeg', data)).toEqual({ width: 120, height: 80 })
  })

  it('refuses a PNG that declares 50000×50000 pixels', async () => {
    const flood = withDeclaredSize(await image('png'), 50_000, 50_000)
    expect(inspect('png', flood)).toMatchObject({
      width: 50_000,
      height: 50_000,
      problem: { code: 'IMAGE_TOO_LARGE', message: expect.stringContaining('50000×50000') },
    })
  })

  it('refuses zero dimensions, and more pixels than maxPixels', async () => {
    expect(codeOf(inspect('png', withDeclaredSize(await image('png'), 0, 10)))).toBe('INVALID_IMAGE')
    const data = await image('webp', { width: 100, height: 100 })
    expect(codeOf(inspect('webp', data, 4096, { maxPixels: 9_999 }))).toBe('IMAGE_TOO_LARGE')
    expect(inspect('webp', data, 4096, { maxPixels: 10_000 })).toEqual({ width: 100, height: 100 })
    expect(() => createInspector('png', { maxPixels: 0 })).toThrow(TypeError)
  })

  it('refuses bytes that are not the format at all', () => {
    expect(inspect('jpeg', bytes('hello'))).toEqual({
      problem: { code: 'INVALID_IMAGE', message: 'not a readable jpeg image' },
    })
    expect(codeOf(inspect('avif', new Uint8Array(0)))).toBe('INVALID_IMAGE')
  })
})

describe('images: truncation', () => {
  it.each(imageFormats)('%s cut at 60 percent is truncated', async (format) => {
    const data = await image(format, { width: 200, height: 150 })
    for (const chunks of [64 * 1024, 13])
      expect(inspect(format, cut(data, 0.6), chunks)).toMatchObject({
        problem: { code: 'INVALID_IMAGE', message: `truncated ${format} image` },
      })
  })

  it('a JPEG cut after its EXIF thumbnail’s EOI is still truncated', async () => {
    const thumbnail = await image('jpeg', { width: 16, height: 16 })
    const exif = jpegSegment(0xe1, concat(bytes('Exif\0\0'), thumbnail))
    const data = withSegments(await image('jpeg', { width: 200, height: 150 }), exif)
    expect(codeOf(inspect('jpeg', data))).toBeUndefined()
    expect(codeOf(inspect('jpeg', cut(data, 0.6)))).toBe('INVALID_IMAGE')
  })

  it('zero padding after the end is fine', async () => {
    for (const format of ['jpeg', 'png', 'gif', 'webp'] as const) {
      const data = concat(await image(format), new Uint8Array(100))
      expect({ format, problem: inspect(format, data).problem }).toEqual({ format, problem: undefined })
    }
  })

  it('a JPEG may carry data after its EOI (MPF gain maps, motion photos): another JPEG', async () => {
    const data = concat(await image('jpeg'), await image('jpeg', { width: 40, height: 30 }))
    expect(inspect('jpeg', data)).toEqual({ width: 96, height: 64 })
  })
})

describe('images: polyglots', () => {
  it('refuses a JPEG with PHP in a comment segment, or appended', async () => {
    const jpeg = await image('jpeg')
    for (const data of [withSegments(jpeg, jpegSegment(0xfe, php)), concat(jpeg, php)])
      expect(inspect('jpeg', data).problem).toEqual({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'contains script or another file',
      })
  })

  it.each([
    '<script>alert(1)</script>',
    '<SCRIPT src=//evil.example/x.js>',
    '<html><body>',
    '<iframe src="https://evil.example">',
    '<svg onload=alert(1)>',
    '<Svg/onload=alert(1)>',
    '<body onload=alert(1)>',
    '<!DOCTYPE html>',
    '<a href="javascript:alert(1)">',
    '<?PHP echo 1;',
  ])('refuses a PNG carrying %j in a text chunk', async (payload) => {
    const png = await image('png')
    const data = concat(png.subarray(0, 33), pngChunk('tEXt', bytes(`Comment\0${payload}`)), png.subarray(33))
    expect(codeOf(inspect('png', data))).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('finds a pattern split across two writes, wherever the split falls', async () => {
    const jpeg = await image('jpeg')
    const data = withSegments(jpeg, jpegSegment(0xfe, bytes('xx<script src=x>xx')))
    const at = data.indexOf(0x3c)
    for (let split = at - 1; split <= at + 13; split++) {
      const inspector = createInspector('jpeg')
      inspector.write(data.slice(0, split))
      inspector.write(data.slice(split))
      expect({ split, code: codeOf(inspector.finish()) }).toEqual({ split, code: 'UNSUPPORTED_MEDIA_TYPE' })
    }
    expect(codeOf(inspect('jpeg', data, 1))).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('finds a pattern in views at any byte offset of their buffer (the scan reads whole words)', async () => {
    const data = withSegments(await image('jpeg'), jpegSegment(0xfe, bytes('<svg onload=alert(1)>')))
    for (let pad = 0; pad < 4; pad++) {
      const backing = concat(new Uint8Array(pad), data)
      const inspector = createInspector('jpeg')
      for (let at = pad; at < backing.byteLength; at += 1001) inspector.write(backing.subarray(at, at + 1001))
      expect({ pad, code: codeOf(inspector.finish()) }).toEqual({ pad, code: 'UNSUPPORTED_MEDIA_TYPE' })
    }
  })

  it('a tag name alone is not a tag: "<svg" followed by binary passes', async () => {
    const jpeg = await image('jpeg')
    const data = withSegments(
      jpeg,
      jpegSegment(0xfe, new Uint8Array([0x3c, 0x73, 0x76, 0x67, 0x20, 0, 1, 2, 3])),
    )
    expect(codeOf(inspect('jpeg', data))).toBeUndefined()
  })

  it('refuses a PNG or a GIF with a ZIP appended (GIFAR), however large the ZIP', async () => {
    for (const format of ['png', 'gif'] as const) {
      for (const content of [bytes(text.csv), noise(200_000, 5)]) {
        const data = concat(await image(format), zip('a.class', content))
        expect({ format, code: codeOf(inspect(format, data)) }).toEqual({
          format,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        })
      }
    }
  })

  it('refuses data after a PNG’s IEND or a WebP’s RIFF, even a few bytes', async () => {
    expect(codeOf(inspect('png', concat(await image('png'), bytes('<?=`id`?>'))))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    )
    expect(codeOf(inspect('webp', concat(await image('webp'), bytes('trailing data'))))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    )
  })

  it('inspects 25 MB of noise as a JPEG and as a PNG (every byte scanned)', () => {
    const data = noise(25 * 1024 * 1024, 7)
    expect(codeOf(inspect('jpeg', data))).toBe('INVALID_IMAGE')
    expect(codeOf(inspect('png', data, 1024 * 1024))).toBe('INVALID_IMAGE')
  })
})

describe('PDF', () => {
  it('passes a whole PDF, refuses one without %%EOF at the end', async () => {
    const data = await pdf()
    expect(inspect('pdf', data, 100)).toEqual({})
    expect(inspect('pdf', cut(data, 0.6))).toEqual({
      problem: { code: 'INVALID_DOCUMENT', message: 'truncated PDF (no %%EOF)' },
    })
  })
})

describe('text formats', () => {
  it.each([
    ['csv', text.csv],
    ['tsv', text.tsv],
    ['json', text.json],
    ['ndjson', text.ndjson],
    ['xml', text.xmlProlog],
    ['dxf', text.dxf],
    ['step', text.step],
  ] as const)('%s passes, in any chunking', (format, sample) => {
    for (const chunks of [1024, 1, 3]) expect(inspect(format, bytes(sample), chunks)).toEqual({})
  })

  it('a multi-byte character split across writes is fine', () => {
    expect(inspect('csv', bytes('name,price\nCrème brûlée 💄,1\n'), 1)).toEqual({})
  })

  it('refuses invalid UTF-8, a NUL byte, or a character cut at the very end', () => {
    const notText = {
      problem: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/^not text/) },
    }
    const latin1 = new Uint8Array(Buffer.from('name,price\nCrème,1\n', 'latin1'))
    expect(inspect('csv', concat(bytes(text.csv.repeat(2000)), latin1))).toMatchObject(notText)
    expect(inspect('json', bytes('{"a":"\0"}'))).toMatchObject(notText)
    expect(inspect('csv', bytes('name\nCrè').subarray(0, -1))).toMatchObject(notText)
  })

  it('a multi-byte character split across chunks passes, wherever the cut falls', () => {
    const data = bytes('a,b\nÀ€💄\n')
    // Every cut into two chunks and into three, through all of À (2), € (3) and 💄 (4 bytes).
    for (let i = 0; i <= data.byteLength; i++) {
      expect(inspect('csv', data, [i || 1, data.byteLength])).toEqual({})
      for (let j = 1; j <= 4; j++) expect(inspect('csv', data, [i || 1, j, data.byteLength])).toEqual({})
    }
  })

  it('an invalid sequence split across chunks is refused, wherever the cut falls', () => {
    const notText = { problem: { code: 'UNSUPPORTED_MEDIA_TYPE' } }
    for (const bad of [
      [0xe2, 0x82, 0x41], // € with its last byte replaced by "A"
      [0xf0, 0x9f, 0x92], // 💄 missing its last byte, then more text
      [0xe0, 0x80, 0x80], // overlong
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xc3, 0xa9, 0xa9], // é and a stray continuation byte
    ]) {
      const data = concat(concat(bytes('a,b\n'), new Uint8Array(bad)), bytes('ok\n'))
      for (let i = 1; i < data.byteLength; i++) {
        expect(inspect('csv', data, [i, data.byteLength])).toMatchObject(notText)
        expect(inspect('csv', data, [i, 1, data.byteLength])).toMatchObject(notText)
      }
    }
  })

  it('refuses XML that declares entities (an expansion bomb)', () => {
    const bomb =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;">\n]>\n<lolz>&lol2;</lolz>'
    expect(inspect('xml', bytes(bomb), 5)).toEqual({
      problem: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'XML that declares entities' },
    })
  })

  it('a binary DXF is not held to UTF-8', () => {
    const data = concat(bytes('AutoCAD Binary DXF\r\n\x1a\0'), noise(1000, 9))
    expect(inspect('dxf', data)).toEqual({})
  })

  it('archives are left to the feed parsers', () => {
    expect(inspect('gzip', gzip(bytes(text.csv)))).toEqual({})
    expect(inspect('zip', zip('feed.csv', bytes(text.csv)))).toEqual({})
  })
})

describe('the inspector', () => {
  it('answers finish() once and the same again; a write after it throws', async () => {
    const inspector = createInspector('png')
    inspector.write(await image('png'))
    const first = inspector.finish()
    expect(inspector.finish()).toBe(first)
    expect(() => inspector.write(new Uint8Array(1))).toThrow(/finished/)
  })
})

describe('the UTF-8 check', () => {
  const validators: [string, () => TextValidator][] = [
    ['default', createTextValidator],
    ['isUtf8', () => createNativeTextValidator(isUtf8, Buffer)],
    ['TextDecoder', createDecoderTextValidator],
  ]
  /** What the check should answer: the whole decoded at once, strictly, and no NUL. */
  const expected = (data: Uint8Array) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(data)
      return !data.includes(0)
    } catch {
      return false
    }
  }
  const run = (make: () => TextValidator, chunks: Uint8Array[]) => {
    const validator = make()
    for (const chunk of chunks) validator.write(chunk)
    return validator.finish()
  }
  const pieces = [
    [0x41],
    [0xc3, 0xa9],
    [0xe2, 0x82, 0xac],
    [0xf0, 0x9f, 0x92, 0x84],
    [0xc3],
    [0xe2, 0x82],
    [0xf0, 0x9f, 0x92],
    [0x80],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0x80],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf5, 0x80, 0x80, 0x80],
    [0xff],
    [0x00],
  ]

  it.each(validators)(
    '%s: agrees with a whole strict decode for every pair of sequences and every cut',
    (_, make) => {
      for (const a of pieces)
        for (const b of pieces) {
          const data = new Uint8Array([0x78, ...a, ...b, 0x79])
          const want = expected(data)
          for (let i = 0; i <= data.byteLength; i++) {
            expect(run(make, [data.slice(0, i), data.slice(i)]), `${data} cut at ${i}`).toBe(want)
            for (let j = i; j <= data.byteLength; j++)
              expect(
                run(make, [data.slice(0, i), data.slice(i, j), data.slice(j)]),
                `${data} cut at ${i}, ${j}`,
              ).toBe(want)
          }
          const ones = Array.from(data, (byte) => new Uint8Array([byte]))
          expect(run(make, ones), `${data} byte by byte`).toBe(want)
          // At the very end, without the closing byte: a cut character must be refused.
          const open = data.subarray(0, -1)
          expect(run(make, [open.slice(0, 2), open.slice(2)]), `${open} at the end`).toBe(expected(open))
        }
    },
  )

  it.each(validators)('%s: reads views into a larger buffer without looking past them', (_, make) => {
    const backing = new Uint8Array([0x00, 0xe2, 0x82, 0xac, 0x41, 0x00])
    expect(run(make, [backing.subarray(1, 3), backing.subarray(3, 5)])).toBe(true)
    expect(run(make, [backing.subarray(1, 5), backing.subarray(5)])).toBe(false)
  })
})
