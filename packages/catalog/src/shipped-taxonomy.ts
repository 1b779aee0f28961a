/**
 * The taxonomy files this package ships (data/, see its README) and the start-up step that puts
 * them in the database. They are read with node:fs, so this runs where the process has the
 * repository (Node and Deno, in prepareLocalPlatform); the worker loads no taxonomy: a D1
 * database gets it from a container (or `npm start`) run against it.
 *
 * ```ts
 * await ensureTaxonomy(repos) // { loaded: false } when the shipped version is there already
 * ```
 */
import { readFileSync } from 'node:fs'
import type { Repositories } from '@glam/db/repositories/index'
import { type ParsedTaxonomy, parseTaxonomy } from './taxonomy.ts'

const file = (name: string) => readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8')

let shipped: ParsedTaxonomy | undefined

/** The shipped taxonomy (English 2021-09-21 with the German names of 2015-02-19), read once. */
export function shippedTaxonomy(): ParsedTaxonomy {
  shipped ??= parseTaxonomy(
    file('google-product-taxonomy.en-US.txt'),
    file('google-product-taxonomy.de-DE.txt'),
  )
  return shipped
}

/** Loads the shipped taxonomy unless the database has its version already. */
export async function ensureTaxonomy(repos: Repositories): Promise<{ version: string; loaded: boolean }> {
  const { version, rows } = shippedTaxonomy()
  return { version, ...(await repos.taxonomy.load(rows, version)) }
}
