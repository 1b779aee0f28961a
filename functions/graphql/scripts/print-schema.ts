// Writes the printed schema to schema.graphql (committed; src/schema.test.ts compares).
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { printSchema } from 'graphql'
import { schema } from '../src/schema/index.ts'

writeFileSync(fileURLToPath(new URL('../schema.graphql', import.meta.url)), `${printSchema(schema)}\n`)
console.log('functions/graphql/schema.graphql written')
