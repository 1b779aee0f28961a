// Raw copies for nginx: written once (temp, fsync, rename), known without a stat afterwards,
// healed when the copy on disk has the wrong size, removed with the blob, and crash leftovers swept.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFsAccelFiles } from './accel.ts'

const name = 'ab'.repeat(32)
const bytes = new TextEncoder().encode('raw bytes of an original\n'.repeat(100))
const streamOf = async () => new Response(bytes).body

describe('accel files', () => {
  it('copies once, answers from memory after, heals a copy of the wrong size, removes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glam-accel-'))
    const files = createFsAccelFiles({ dir, location: '/_glam_accel/' })
    let opened = 0
    const open = () => {
      opened++
      return streamOf()
    }
    const uri = await files.publish(name, open, bytes.byteLength)
    expect(uri).toBe(`/_glam_accel/ab/${name}`)
    expect(readFileSync(join(dir, 'ab', name))).toEqual(Buffer.from(bytes))
    expect(files.published?.(name)).toBe(uri)
    await files.publish(name, open, bytes.byteLength)
    expect(opened).toBe(1)

    // Another process finds a truncated copy (a crash of an older version): it is made again.
    truncateSync(join(dir, 'ab', name), 10)
    const other = createFsAccelFiles({ dir, location: '/_glam_accel/' })
    expect(other.published?.(name)).toBeUndefined()
    await other.publish(name, open, bytes.byteLength)
    expect(opened).toBe(2)
    expect(readFileSync(join(dir, 'ab', name)).length).toBe(bytes.byteLength)

    await other.remove(name)
    expect(existsSync(join(dir, 'ab', name))).toBe(false)
    expect(other.published?.(name)).toBeUndefined()
    expect(await other.publish(name, async () => null)).toBeNull()
    await expect(other.publish('../etc', open)).rejects.toThrow(TypeError)
  })

  it('sweeps temporary files older than an hour at start, and keeps fresh ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glam-accel-'))
    mkdirSync(join(dir, 'cd'))
    const stale = join(dir, 'cd', '.stale.tmp')
    const fresh = join(dir, 'cd', '.fresh.tmp')
    writeFileSync(stale, 'x')
    writeFileSync(fresh, 'x')
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000)
    utimesSync(stale, twoHoursAgo, twoHoursAgo)
    createFsAccelFiles({ dir, location: '/_glam_accel/' })
    const deadline = Date.now() + 5000
    while (existsSync(stale) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(existsSync(stale)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
  })
})

describe('placed copies (paths nginx finds itself)', () => {
  it('writes a path once, refuses paths that leave the directory, removes a whole prefix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glam-accel-placed-'))
    const files = createFsAccelFiles({ dir, location: '/_glam_accel/' })
    const sha = 'ab'.repeat(32)
    await files.place!(`i/${sha}/card.webp`, new TextEncoder().encode('first'))
    // Placed before by this process: not written again.
    await files.place!(`i/${sha}/card.webp`, new TextEncoder().encode('second'))
    expect(readFileSync(join(dir, 'i', sha, 'card.webp'), 'utf8')).toBe('first')
    await files.place!(`i/${sha}/thumb.avif`, new TextEncoder().encode('thumb'))
    for (const bad of [
      '../escape.webp',
      `i/${sha}/../../x`,
      `i/${sha}/.hidden`,
      '/etc/x/y',
      'i',
      `i//${sha}`,
    ])
      await expect(files.place!(bad, new Uint8Array(1)), bad).rejects.toThrow(TypeError)
    await files.removePlaced!(`i/${sha}`)
    expect(existsSync(join(dir, 'i', sha))).toBe(false)
    // Forgotten with it: placing again writes again.
    await files.place!(`i/${sha}/card.webp`, new TextEncoder().encode('again'))
    expect(readFileSync(join(dir, 'i', sha, 'card.webp'), 'utf8')).toBe('again')
    rmSync(dir, { recursive: true, force: true })
  })
})
