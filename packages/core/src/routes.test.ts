import { describe, expect, it } from 'vitest'
import { allReservedSegments, isReservedSegment, reserveSegments } from './routes.ts'

// That every mounted route's first segment is reserved is checked over the real list of
// functions in packages/platform/src/functions.test.ts; here, the set itself.
describe('reserved first segments', () => {
  it('are matched without regard to case', () => {
    expect(isReservedSegment('API')).toBe(true)
    expect(isReservedSegment('Healthz')).toBe(true)
    expect(isReservedSegment('summer-lena')).toBe(false)
  })
  it('grow with what the manifests claim, idempotently', () => {
    expect(isReservedSegment('notes-fixture')).toBe(false)
    reserveSegments(['Notes-Fixture', 'notes-fixture'])
    expect(isReservedSegment('NOTES-FIXTURE')).toBe(true)
    expect(allReservedSegments().filter((s) => s === 'notes-fixture')).toHaveLength(1)
  })
})
