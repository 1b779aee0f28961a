/**
 * What a setting is, for the platform-wide areas beside this file and for the functions'
 * fragments alike. config.ts re-exports all of it (`@glam/core`); it lives here so the area
 * files need not import config.ts, which imports them.
 */
import { z } from 'zod'

/** One setting: its variable, its zod schema, its docs and its defaults per mode. */
export interface Setting<S extends z.ZodType = z.ZodType> {
  env: string
  schema: S
  description: string
  /** Default everywhere, unless the mode-specific ones below say otherwise. */
  default?: z.input<S>
  devDefault?: z.input<S>
  productionDefault?: z.input<S>
  /** Never printed; in production it must be set and must differ from its development sample. */
  secret?: boolean
  /** Never printed (it may hold a password), but not required. */
  sensitive?: boolean
  /** In production it must be set (no default applies). Secrets always are. */
  requiredInProduction?: boolean
  /** In production, a value this returns true for is refused (names the reason). */
  insecure?(value: z.output<S>): string | false
  /** What the README's production column says when a cross-setting rule requires it. */
  productionNote?: string
}

/** Declares a setting (the core's or a function's fragment); checks nothing, keeps the types. */
export const setting = <S extends z.ZodType>(s: Setting<S>): Setting<S> => s

/** A fragment of settings, by the key its value has on the parsed Config. */
export type SettingsFragment = Readonly<Record<string, Setting>>

/** The parsed values of a fragment: `{ notesPerDay: number }`. */
export type SettingValues<T extends SettingsFragment> = { -readonly [K in keyof T]: z.output<T[K]['schema']> }

/** A switch: `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off` (several areas have them). */
export const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on')
