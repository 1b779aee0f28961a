import { readFileSync } from 'node:fs'
import { printSchema } from 'graphql'
import { describe, expect, it } from 'vitest'
import { schema } from './schema/index.ts'

describe('the GraphQL schema', () => {
  it('matches the committed schema.graphql (run `npm run print-schema -w @glam/graphql` after a change)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8')
    expect(`${printSchema(schema)}\n`).toBe(committed)
  })
})
