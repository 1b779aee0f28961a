/**
 * Functions only containers (Node, Deno) run: they need Node APIs that the edge bundle must not
 * carry, so the worker never imports this list. The Node and Deno entries pass it to
 * createGlamApp, which places it before the shortlink catch-all (see functions.ts).
 */
import { backupsFunction } from '@glam/backups'
import type { FunctionManifest } from '@glam/core'
import { feedsFunction } from '@glam/feeds'
import { linksQrPngFunction } from '@glam/links/qr-png'
import { ocrFunction } from '@glam/ocr-api'
import { portalImagesFunction } from '@glam/portal-images'
import { taxonomyFunction } from '@glam/taxonomy'
import { webhooksFunction } from '@glam/webhooks'
import { functionList, jobsOf, prepareFunctionList } from './functions.ts'

export const containerFunctions: readonly FunctionManifest[] = [
  linksQrPngFunction,
  feedsFunction,
  taxonomyFunction,
  webhooksFunction,
  portalImagesFunction,
  ocrFunction,
  backupsFunction,
]

const containerList = functionList(containerFunctions)
// Checked and their segments reserved as soon as a container loads the list (before start-up
// checks such as the slug collisions run).
prepareFunctionList(containerList)

/** Every job a container runs: the edge-capable functions' and the container-only ones'. */
export const containerJobCatalogue = jobsOf(containerList)
