/**
 * The one ordered list of Glam's functions: exact routes first, prefixes next, the shortlink
 * catch-all last. Mounts (app.ts), reserved first segments, the job catalogue, the cron
 * triggers the worker needs and the API reference are all derived from it. A new capability is
 * a new folder with a manifest and one line here (container-only ones: container-functions.ts).
 *
 * ```ts
 * const list = functionList(containerFunctions) // Node and Deno; the edge passes nothing
 * for (const m of list) for (const mount of m.mounts) app.route(mount.path, mount.app(context))
 * ```
 */
import { alertsFunction } from '@glam/alerts'
import { apiDocsFunction } from '@glam/api-docs'
import { assetsFunction } from '@glam/assets-api'
import { authFunction } from '@glam/auth-api'
import {
  claimedSegments,
  errorCatalogue,
  type FunctionManifest,
  type JobDefinition,
  manifestProblems,
  reservedSegments,
  reserveSegments,
} from '@glam/core'
import { dashboardFunction } from '@glam/dashboard'
import { devFunction } from '@glam/dev'
import { exportsFunction } from '@glam/exports'
import { fxFunction } from '@glam/fx'
import { graphqlFunction } from '@glam/graphql'
import { healthFunction } from '@glam/health'
import { homeFunction } from '@glam/home'
import { imagesFunction } from '@glam/images-api'
import { jobsFunction } from '@glam/jobs-api'
import { keysFunction } from '@glam/keys'
import { linksFunction } from '@glam/links'
import { newsletterFunction } from '@glam/newsletter'
import { pixelFunction } from '@glam/pixel'
import { portalFunction } from '@glam/portal'
import { redirectFunction } from '@glam/redirect'
import { reportsFunction } from '@glam/reports'
import { searchFunction } from '@glam/search-api'
import { statsFunction } from '@glam/stats'

/** Every function that runs on the edge and in containers, in mount order; the catch-all last. */
export const functions: readonly FunctionManifest[] = [
  healthFunction,
  homeFunction,
  pixelFunction,
  authFunction,
  apiDocsFunction,
  graphqlFunction,
  jobsFunction,
  keysFunction,
  linksFunction,
  exportsFunction,
  fxFunction,
  statsFunction,
  reportsFunction,
  assetsFunction,
  imagesFunction,
  searchFunction,
  newsletterFunction,
  alertsFunction,
  dashboardFunction,
  devFunction,
  portalFunction,
  redirectFunction,
]

const withContainerOnly = new WeakMap<readonly FunctionManifest[], readonly FunctionManifest[]>()

/**
 * The list with container-only functions (Node, Deno) placed before the catch-all: one array per
 * container-only list, so what is derived from it (checks, jobs) is derived once.
 */
export function functionList(containerOnly: readonly FunctionManifest[] = []): readonly FunctionManifest[] {
  if (containerOnly.length === 0) return functions
  let list = withContainerOnly.get(containerOnly)
  if (!list) {
    list = [...functions.slice(0, -1), ...containerOnly, functions[functions.length - 1]!]
    withContainerOnly.set(containerOnly, list)
  }
  return list
}

const prepared = new WeakSet<readonly FunctionManifest[]>()

/**
 * Checks a list (first segments reserved, claims, errors, jobs) and reserves its segments, once
 * per list. Throws with every problem at once: at start-up, never mid-traffic.
 */
export function prepareFunctionList(list: readonly FunctionManifest[]): void {
  if (prepared.has(list)) return
  reserveSegments(claimedSegments(list))
  const problems = manifestProblems(list, {
    reserved: [...reservedSegments, ...claimedSegments(list)],
    coreErrors: errorCatalogue,
  })
  if (problems.length > 0)
    throw new Error(`The function list is inconsistent:\n  - ${problems.join('\n  - ')}`)
  prepared.add(list)
}

/** The jobs of a list, in list order. */
export const jobsOf = (list: readonly FunctionManifest[]): readonly JobDefinition[] =>
  list.flatMap((m) => m.jobs ?? [])

/** The OpenAPI path items of a list. */
export function openapiOf(list: readonly FunctionManifest[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {}
  for (const m of list)
    for (const [path, item] of Object.entries(m.openapi ?? {})) {
      if (path in paths) throw new Error(`OpenAPI path ${path} is declared by two functions`)
      paths[path] = item
    }
  return paths
}

prepareFunctionList(functions)

/** Every job of the edge-capable functions (the worker's cron triggers run the edge-safe ones). */
export const jobCatalogue: readonly JobDefinition[] = jobsOf(functions)

/** The cron expressions the worker must carry in `wrangler.toml` `[triggers] crons`. */
export const edgeCronSchedules = (jobs: readonly JobDefinition[] = jobCatalogue): string[] => [
  ...new Set(jobs.filter((j) => j.edge).map((j) => j.schedule)),
]
