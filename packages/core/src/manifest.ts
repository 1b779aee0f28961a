/**
 * A function declares itself once, in a manifest beside its factory: where it is mounted and
 * which paths it claims, the runtimes it runs on, its jobs, error codes, OpenAPI paths and
 * tables. One ordered list of manifests (packages/platform/src/functions.ts) is the only hub:
 * mounts, reserved first segments, container-only routes, the job catalogue and the cron
 * triggers are derived from it, and `checkManifests` refuses a list that contradicts itself.
 *
 * ```ts
 * export const notesFunction = defineFunction({
 *   name: 'notes',
 *   description: 'Sticky notes for campaign teams.',
 *   mounts: [{ path: '/api/notes', app: createNotesApp }],
 *   runtimes: ['edge', 'container'],
 *   errors: { NOTES_CLOSED: { status: 403, message: 'Notes are closed.' } },
 * })
 * ```
 */
import type { Hono } from 'hono'
import { type Config, registerSettings, type SettingsFragment } from './config.ts'
import { registerErrors } from './errors.ts'
import type { AppEnv } from './http.ts'
import type { JobDefinition } from './jobs.ts'

/** Where a function runs: the edge (workerd, Deno) and/or Node containers. */
export type FunctionRuntime = 'edge' | 'container'

/** What a mount's factory is given: the settings, and what is derived from the whole list. */
export interface MountContext {
  config: Config
  /** Every job of every listed function (the jobs API lists them). */
  jobs: readonly JobDefinition[]
  /** Every listed function's OpenAPI path items (the API reference shows them). */
  openapi: Readonly<Record<string, unknown>>
}

export interface FunctionMount {
  /** Hono mount path (`/`, `/api/links`, `/auth`). */
  path: string
  /** Builds the sub-app, once per process (per isolate on the edge). */
  app: (context: MountContext) => Hono<AppEnv>
}

export interface FunctionManifest {
  /** kebab-case, unique across the list. */
  name: string
  description: string
  /** Mounted in this order, at the manifest's place in the list. */
  mounts: readonly FunctionMount[]
  /**
   * The paths the function owns: exact paths (`/healthz`), prefixes (`/api/links/*`) or a first
   * segment (`/auth/*`); `/*` is the shortlink catch-all. Their first segments are reserved: no
   * slug may take them. Two manifests may not claim overlapping paths.
   */
  claims: readonly string[]
  runtimes: readonly FunctionRuntime[]
  /**
   * Another function this one extends under that function's claims (container-only routes of an
   * edge function, such as PNG QR codes under `/api/links/*`): their claims may overlap.
   */
  partOf?: string
  /** Mounted only when this says so (e.g. the development routes). */
  enabled?: (config: Config) => boolean
  /** Jobs this function runs on a schedule. */
  jobs?: readonly JobDefinition[]
  /** Error codes this function answers with, beside the core catalogue's. */
  errors?: Readonly<Record<string, { status: number; message: string }>>
  /**
   * Its own settings (`setting({ env, schema, description, default… })` by Config key), parsed
   * with the platform-wide ones and listed in the README; `FunctionSettings` carries their types.
   */
  settings?: SettingsFragment
  /** OpenAPI 3.1 path items under the claims, by path (`/api/links/{id}`). */
  openapi?: Readonly<Record<string, unknown>>
  /**
   * SQL tables it reads and writes, by SQL name; each must exist in both dialects' schemas
   * (checked). Migrations stay one drizzle-kit chain per dialect in packages/db.
   */
  tables?: readonly string[]
  /** ClickHouse tables it reads or writes. */
  clickhouseTables?: readonly string[]
}

const namePattern = /^[a-z][a-z0-9-]{1,63}$/
const claimPattern = /^\/(|\*|[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~{}:-]+)*(\/\*)?)$/

/** Checks a manifest's own shape when it is declared (the list is checked by checkManifests). */
export function defineFunction<M extends FunctionManifest>(manifest: M): M {
  if (!namePattern.test(manifest.name)) throw new Error(`function name ${manifest.name} must be kebab-case`)
  if (manifest.runtimes.length === 0) throw new Error(`function ${manifest.name}: runtimes must not be empty`)
  for (const claim of manifest.claims)
    if (!claimPattern.test(claim)) throw new Error(`function ${manifest.name}: bad claim ${claim}`)
  for (const mount of manifest.mounts)
    if (!mount.path.startsWith('/')) throw new Error(`function ${manifest.name}: bad mount ${mount.path}`)
  // Its codes are known as soon as the function is loaded (its own tests included).
  if (manifest.errors) registerErrors(manifest.errors)
  // Its settings too: parseConfig reads them, a key or variable declared twice throws here.
  if (manifest.settings) registerSettings(manifest.settings, manifest.name)
  return Object.freeze(manifest)
}

/** The first path segment of a claim (`/api/links/*` → `api`), null for the catch-all, '' for `/`. */
export function firstSegment(claim: string): string | null {
  if (claim === '/*') return null
  return claim.slice(1).split('/')[0]!
}

/** The first segments a list of manifests claims (the catch-all and the root aside). */
export function claimedSegments(list: readonly FunctionManifest[]): string[] {
  const segments = new Set<string>()
  for (const m of list)
    for (const claim of m.claims) {
      const segment = firstSegment(claim)
      if (segment) segments.add(segment)
    }
  return [...segments]
}

/** Whether two claims can match the same path. */
export function claimsOverlap(a: string, b: string): boolean {
  if (a === '/*' || b === '/*') return a === b
  const prefix = (c: string) => (c.endsWith('/*') ? c.slice(0, -2) : null)
  const pa = prefix(a)
  const pb = prefix(b)
  if (pa === null && pb === null) return a === b
  if (pa !== null && (b === pa || b.startsWith(`${pa}/`))) return true
  if (pb !== null && (a === pb || a.startsWith(`${pb}/`))) return true
  return false
}

/** Problems with an ordered list of manifests; empty when it is consistent. */
export function manifestProblems(
  list: readonly FunctionManifest[],
  options: { reserved: readonly string[]; coreErrors: Readonly<Record<string, { status: number }>> },
): string[] {
  const problems: string[] = []
  const names = new Set<string>()
  const claims: { claim: string; by: string }[] = []
  const reserved = new Set(options.reserved.map((s) => s.toLowerCase()))
  const errors = new Map<string, { status: number; by: string }>(
    Object.entries(options.coreErrors).map(([code, e]) => [code, { status: e.status, by: 'core' }]),
  )
  const jobs = new Map<string, string>()
  list.forEach((m, index) => {
    if (names.has(m.name)) problems.push(`function ${m.name} is listed twice`)
    names.add(m.name)
    for (const claim of m.claims) {
      for (const other of claims)
        if (claimsOverlap(claim, other.claim) && other.by !== m.name && m.partOf !== other.by)
          problems.push(`${m.name} claims ${claim}, which overlaps ${other.claim} of ${other.by}`)
      claims.push({ claim, by: m.name })
      const segment = firstSegment(claim)
      if (segment === null && index !== list.length - 1)
        problems.push(`${m.name} claims the catch-all /* but is not last in the list`)
      if (segment && !reserved.has(segment.toLowerCase()))
        problems.push(`${m.name} claims ${claim}, whose first segment ${segment} is not reserved`)
    }
    for (const [code, error] of Object.entries(m.errors ?? {})) {
      const seen = errors.get(code)
      if (seen && seen.status !== error.status)
        problems.push(`error ${code} is ${error.status} in ${m.name} but ${seen.status} in ${seen.by}`)
      if (!seen) errors.set(code, { status: error.status, by: m.name })
    }
    for (const job of m.jobs ?? []) {
      const seen = jobs.get(job.name)
      if (seen) problems.push(`job ${job.name} is declared by ${seen} and ${m.name}`)
      jobs.set(job.name, m.name)
    }
    for (const mount of m.mounts) {
      const segment = mount.path.slice(1).split('/')[0]!
      if (segment && !reserved.has(segment.toLowerCase()))
        problems.push(`${m.name} mounts at ${mount.path}, whose first segment ${segment} is not reserved`)
    }
  })
  return problems
}
