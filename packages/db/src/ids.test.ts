import { describe, expect, it } from 'vitest'
import { newId } from './ids.ts'

describe('ids', () => {
  it('are UUIDv7: version 7, RFC variant, time-ordered within a process, distinct, with the time in them', () => {
    const ids = Array.from({ length: 20_000 }, () => newId())
    for (const id of ids.slice(0, 100))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    const ms = Number.parseInt(ids[0]!.replaceAll('-', '').slice(0, 12), 16)
    expect(Math.abs(ms - Date.now())).toBeLessThan(5_000)
    // The random part is not a counter: ids made in the same millisecond differ in many bits.
    const tails = new Set(ids.map((id) => id.slice(-12)))
    expect(tails.size).toBe(ids.length)
  })
})
