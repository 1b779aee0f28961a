/**
 * @module @glam/images-api
 * Image variants at `/i/<sha256>`: presets and signed parameters (@glam/images/variants),
 * format negotiation, computed once per key with sharp in containers (single flight, SQL lease)
 * and stored content-addressed in the blob store; the edge serves them from its cache and R2 and
 * asks a container only on a miss.
 */
import { defineFunction } from '@glam/core'
import { createVariantsApp } from './app.ts'
import { imageErrors } from './errors.ts'
import { imagesOpenapi } from './openapi.ts'
import { imageSettings } from './settings.ts'

export { variantHeaders } from './headers.ts'

export const imagesFunction = defineFunction({
  name: 'images',
  description: 'Image variants at `/i/<sha256>?p=<preset>` (or signed parameters), computed once and cached.',
  mounts: [{ path: '/i', app: () => createVariantsApp() }],
  claims: ['/i/*'],
  runtimes: ['edge', 'container'],
  errors: imageErrors,
  settings: imageSettings,
  openapi: imagesOpenapi,
  tables: ['assets', 'leases'],
})
