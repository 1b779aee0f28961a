// The dump's rows counted from the start of each line, however the stream cuts the bytes.
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { rowCounter } from './mysql.ts'

const dump = [
  '-- MariaDB dump',
  'CREATE TABLE `links` (',
  '  `id` varchar(36) NOT NULL',
  ') ENGINE=InnoDB;',
  'CREATE TABLE `empty_one` (`id` int);',
  ...Array.from(
    { length: 500 },
    (_, i) => `INSERT INTO \`links\` VALUES ('${i}','x\\nINSERT INTO \`fake\`');`,
  ),
  'CREATE TABLE `orders` (`id` int);',
  ...Array.from({ length: 300 }, (_, i) => `INSERT INTO \`orders\` VALUES (${i},'${'é'.repeat(i % 40)}');`),
  'COMMIT;',
  'INSERT INTO `orders` VALUES (999);',
].join('\n')

async function count(chunkSizes: () => number) {
  const bytes = Buffer.from(dump)
  const chunks: Buffer[] = []
  for (let i = 0; i < bytes.length; ) {
    const n = Math.max(1, chunkSizes())
    chunks.push(bytes.subarray(i, i + n))
    i += n
  }
  const tables: Record<string, number> = {}
  const out: Buffer[] = []
  await pipeline(
    Readable.from(chunks),
    rowCounter(tables),
    new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk)
        done()
      },
    }),
  )
  expect(Buffer.concat(out).equals(bytes)).toBe(true)
  return tables
}

describe('the dump row counter', () => {
  it('counts every table’s INSERT lines and names the empty ones, in any chunking', async () => {
    const expected = { links: 500, empty_one: 0, orders: 301 }
    expect(await count(() => 65_536)).toEqual(expected)
    expect(await count(() => 1)).toEqual(expected)
    expect(await count(() => 7)).toEqual(expected)
    let seed = 42
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return 1 + (seed % 400)
    }
    for (let round = 0; round < 20; round++) expect(await count(random)).toEqual(expected)
  })
})
