import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import {
  bytes,
  concat,
  gzip,
  image,
  imageFormats,
  jpegSegment,
  pdf,
  text,
  withSegments,
  zip,
} from './fixtures/samples.ts'
import { isPlausibleText, sniff, sniffBytes } from './sniff.ts'

/** Sniffs as the caller does: the first `sniffBytes`, complete when that is all there is. */
const sniffAll = (data: Uint8Array) => sniff(data.subarray(0, sniffBytes), data.byteLength <= sniffBytes)
const sniffText = (s: string) => sniffAll(bytes(s))

describe('sniff: binary formats by their magic numbers', () => {
  it.each(imageFormats)('%s from sharp', async (format) => {
    expect(await sniffAll(await image(format))).toBe(format)
  })

  it('a JPEG of more than the head, sniffed from the head alone', async () => {
    const big = await image('jpeg', { width: 800, height: 600 })
    expect(big.byteLength).toBeGreaterThan(sniffBytes)
    expect(await sniff(big.subarray(0, sniffBytes), false)).toBe('jpeg')
  })

  it('pdf, gzip (also a .tar.gz), zip', async () => {
    expect(await sniffAll(await pdf())).toBe('pdf')
    expect(await sniffAll(gzip(bytes(text.csv)))).toBe('gzip')
    const tar = new Uint8Array(1024)
    tar.set(bytes('feed.csv'), 0)
    tar.set(bytes('ustar\x0000'), 257)
    expect(await sniffAll(gzip(tar))).toBe('gzip')
    expect(await sniffAll(zip('feed.csv', bytes(text.csv)))).toBe('zip')
  })

  it('refuses other binary files: ELF, EXE, TIFF, HEIC, MP4', async () => {
    const elf = concat(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), new Uint8Array(120))
    const exe = concat(bytes('MZ'), new Uint8Array(58), new Uint8Array([0x80, 0, 0, 0]), new Uint8Array(200))
    const tiff = new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
        .tiff()
        .toBuffer(),
    )
    const heic = concat(
      new Uint8Array([0, 0, 0, 0x18]),
      bytes('ftypheic'),
      new Uint8Array(4),
      bytes('mif1heic'),
    )
    const mp4 = concat(
      new Uint8Array([0, 0, 0, 0x18]),
      bytes('ftypisom'),
      new Uint8Array(4),
      bytes('isomiso2'),
    )
    for (const [name, data] of Object.entries({ elf, exe, tiff, heic, mp4 }))
      expect({ name, format: await sniffAll(data) }).toEqual({ name, format: null })
  })

  it('refuses the ZIP-based formats file-type names (a JAR, an EPUB): only a plain ZIP is a zip', async () => {
    expect(await sniffAll(zip('META-INF/MANIFEST.MF', bytes('Manifest-Version: 1.0\n')))).toBeNull()
    expect(await sniffAll(zip('mimetype', bytes('application/epub+zip')))).toBeNull()
  })
})

describe('sniff: text formats', () => {
  it.each([
    ['csv', text.csv],
    ['csv', text.csvSemicolon],
    ['csv', text.singleColumn],
    ['csv', `\ufeff${text.csv}`],
    ['tsv', text.tsv],
    ['json', text.json],
    ['json', text.jsonArray],
    ['json', '[]'],
    ['ndjson', text.ndjson],
    ['xml', text.xml],
    ['xml', text.xmlBare],
    ['xml', text.xmlProlog],
    ['xml', '<?xml version="1.0"?><!DOCTYPE note [<!ELEMENT note (#PCDATA)>]><note>hi</note>'],
    ['dxf', text.dxf],
    ['dxf', `999\r\nexported by a CAD tool\r\n${text.dxf.replaceAll('\n', '\r\n')}`],
    ['step', text.step],
    ['step', `\ufeff\n${text.step}`],
  ])('%s: %j', async (format, sample) => {
    expect(await sniffText(sample)).toBe(format)
  })

  it('a binary DXF by its sentinel', async () => {
    expect(await sniffAll(concat(bytes('AutoCAD Binary DXF\r\n\x1a\0'), new Uint8Array([0, 0, 1, 2])))).toBe(
      'dxf',
    )
  })

  it('text beats file-type’s two-byte guesses: a CSV that opens with "BM" or "MZ"', async () => {
    expect(await sniffText('BMI,weight\n21.5,60\n')).toBe('csv')
    expect(await sniffText('MZ-code;name\nA1;x\n')).toBe('csv')
  })

  it('NDJSON from a head cut mid-line; one JSON value spread over lines is JSON', async () => {
    const many = text.ndjson.repeat(2000)
    expect(many.length).toBeGreaterThan(sniffBytes)
    expect(await sniffText(many)).toBe('ndjson')
    expect(await sniffText('{"a":1}\n')).toBe('json')
    expect(await sniffText('[{"a":1},\n{"a":2}]')).toBe('json')
  })

  it('a multi-byte character cut at the end of the head is fine unless the head is the whole file', async () => {
    const data = bytes(`${text.csv}Crème,1\n`)
    const cutInE = data.indexOf(0xc3) + 1
    expect(await sniff(data.subarray(0, cutInE), false)).toBe('csv')
    expect(await sniff(data.subarray(0, cutInE), true)).toBeNull()
  })
})

describe('sniff: refuses pages, scripts and unknown text', () => {
  it.each([
    ['a PHP script', '<?php system($_GET["c"]); ?>'],
    ['a PHP script in an XML declaration’s place', '<?xml version="1.0"?><?php echo 1; ?><a/>'],
    ['an HTML page', '<!DOCTYPE html>\n<html><head><title>x</title></head><body></body></html>'],
    ['an HTML page, lower-case doctype', '<!doctype html><p>hi'],
    ['HTML without a doctype', '\n  <html><body>hi</body></html>'],
    ['a bare script', '<script>alert(1)</script>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a body tag', '<BODY onload="alert(1)">'],
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    [
      'an SVG with a prolog',
      '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
    [
      'an SVG with a doctype and a comment',
      '<?xml version="1.0"?>\n<!-- icon -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg/>',
    ],
    ['an upper-case SVG', '<SVG onload="alert(1)"></SVG>'],
    ['an SVG with a namespace prefix', '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script/></s:svg>'],
    ['an XHTML root by namespace', '<page xmlns="http://www.w3.org/1999/xhtml"><script>1</script></page>'],
    ['XML whose prolog never ends in the head', `<?xml version="1.0"?><!-- ${'x'.repeat(100)}`],
    ['a shell script', '#!/bin/sh\nrm -rf /,\n'],
    ['plain text', 'Dear diary\nToday was a good day\n'],
    ['one line of prose', 'Hello there'],
    ['RTF', '{\\rtf1\\ansi hello}'],
    ['empty', ''],
    ['whitespace', ' \n\t\n'],
  ])('%s', async (_, sample) => {
    expect(await sniffText(sample)).toBeNull()
  })

  it('refuses text that is not UTF-8: Latin-1, UTF-16 with NULs', async () => {
    expect(await sniffAll(new Uint8Array(Buffer.from('name,price\nCrème,1\n', 'latin1')))).toBeNull()
    expect(await sniffAll(new Uint8Array(Buffer.from('\ufeffname,price\n', 'utf16le')))).toBeNull()
  })

  it('never reads more than the head it is given', async () => {
    const jpeg = await image('jpeg')
    const php = withSegments(jpeg, jpegSegment(0xfe, bytes('<?php system($_GET[c]); ?>')))
    // Sniffing says what the bytes are; the polyglot is the inspector's to find.
    expect(await sniffAll(php)).toBe('jpeg')
  })
})

describe('isPlausibleText', () => {
  it('is UTF-8 without NUL bytes', () => {
    expect(isPlausibleText(bytes('hello, world'))).toBe(true)
    expect(isPlausibleText(bytes('a\0b'))).toBe(false)
    expect(isPlausibleText(new Uint8Array([0x68, 0xc3]))).toBe(false)
    expect(isPlausibleText(new Uint8Array([0x68, 0xc3]), false)).toBe(true)
  })
})
