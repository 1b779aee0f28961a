import { describe, expect, it } from 'vitest'
import { isReservedSegment, reservedSegments } from './routes.ts'

describe('reserved first segments', () => {
  it('include every segment the platform mounts functions under', () => {
    for (const s of [
      'healthz',
      'readyz',
      'api',
      'auth',
      'graphql',
      'pixel.js',
      'collect',
      'a',
      'i',
      'dev',
      '.well-known',
    ]) {
      expect(reservedSegments).toContain(s)
    }
  })
  it('are matched without regard to case', () => {
    expect(isReservedSegment('API')).toBe(true)
    expect(isReservedSegment('Healthz')).toBe(true)
    expect(isReservedSegment('summer-lena')).toBe(false)
  })
})
