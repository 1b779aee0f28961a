/**
 * The login function's settings, beside the platform-wide ones: declared in its manifest
 * (`settings`), registered by `defineFunction` when the manifest loads, parsed by
 * `parseConfig` with the core's, and added to `Config` by declaration merging. `@glam/auth`
 * (sessions, tokens, signing keys) reads them too: every process that serves or signs loads
 * the function list, so they are registered there.
 */
import { type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

export const authSettings = {
  cookieDomain: setting({
    env: 'GLAM_COOKIE_DOMAIN',
    schema: z
      .string()
      .regex(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/i)
      .optional(),
    description:
      'Share the login session across subdomains (e.g. `glam.example`); unset keeps it on the public host (`__Host-` cookie in production).',
  }),
  sessionIdleDays: setting({
    env: 'GLAM_SESSION_IDLE_DAYS',
    schema: z.coerce.number().min(0.01).max(90),
    default: 14,
    description: 'A login session ends after this many days without use (sliding renewal on use).',
  }),
  sessionMaxDays: setting({
    env: 'GLAM_SESSION_MAX_DAYS',
    schema: z.coerce.number().min(0.01).max(365),
    default: 90,
    description: 'A login session ends this many days after login, however often it is used.',
  }),
  tokenTtlSeconds: setting({
    env: 'GLAM_TOKEN_TTL_SECONDS',
    schema: z.coerce.number().int().min(30).max(3600),
    default: 600,
    description: 'Lifetime of the signed tokens (JWT) other apps verify against `/.well-known/jwks.json`.',
  }),
  loginCodesPerHour: setting({
    env: 'GLAM_LOGIN_CODES_PER_HOUR',
    schema: z.coerce.number().int().min(1).max(100),
    default: 5,
    description: 'Login codes mailed to one e-mail address per hour (more `start` calls answer 429).',
  }),
  loginTriesPerHour: setting({
    env: 'GLAM_LOGIN_TRIES_PER_HOUR',
    schema: z.coerce.number().int().min(1).max(100),
    default: 10,
    description:
      'Code checks for one e-mail address per hour, across all its codes (a new code does not reset it).',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof authSettings> {}
}
