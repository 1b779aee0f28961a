/**
 * @module @glam/fx
 * The exchange rates staff keep per day at `/api/fx-rates`, which reports use to show totals in
 * one currency (`@glam/commerce/fx` converts with them): list for any reporting caller, write a
 * batch (all or nothing, idempotent) and delete for admins and staff, every change audited.
 *
 * ```sh
 * curl -X PUT /api/fx-rates -H 'authorization: Bearer <staff token>' -H 'content-type: application/json' \
 *   -d '{"rates":[{"day":"2026-06-01","base":"EUR","quote":"USD","rate":"1.0834","source":"ECB"}]}'
 * ```
 */
import { defineFunction } from '@glam/core'
import { createFxRatesApp } from './fx-rates.ts'
import { fxOpenapi } from './openapi.ts'

export const fxFunction = defineFunction({
  name: 'fx',
  description: 'Exchange rates per day under `/api/fx-rates`: list, write a batch, delete; audited.',
  mounts: [{ path: '/api/fx-rates', app: () => createFxRatesApp() }],
  claims: ['/api/fx-rates/*'],
  runtimes: ['edge', 'container'],
  openapi: fxOpenapi,
  tables: ['fx_rates', 'audit_log'],
})
