import { rgbaToThumbHash } from 'thumbhash'
import { describe, expect, it } from 'vitest'
import { placeholderAspectRatio, placeholderBytes, placeholderToDataUrl } from './placeholder.ts'

/** A ThumbHash of a 40×20 image, half red and half blue, as the sharp adapter stores it. */
function sampleHash(): string {
  const rgba = new Uint8Array(40 * 20 * 4)
  for (let i = 0; i < 40 * 20; i++) rgba.set(i % 40 < 20 ? [255, 0, 0, 255] : [0, 0, 255, 255], i * 4)
  return btoa(String.fromCharCode(...rgbaToThumbHash(40, 20, rgba)))
}

describe('placeholders', () => {
  it('turn into a PNG data URL', () => {
    const url = placeholderToDataUrl(sampleHash())
    expect(url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/)
  })

  it('keep the aspect ratio roughly', () => {
    expect(placeholderAspectRatio(sampleHash())).toBeCloseTo(2, 0)
  })

  it('accept URL-safe and unpadded base64', () => {
    const hash = sampleHash()
    const urlSafe = hash.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
    expect(placeholderBytes(urlSafe)).toEqual(placeholderBytes(hash))
  })

  it('refuse what is not base64', () => {
    expect(() => placeholderToDataUrl('not base64!')).toThrow(TypeError)
    expect(() => placeholderToDataUrl('')).toThrow(TypeError)
  })
})
