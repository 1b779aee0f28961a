/** The alerts' settings (declared in the manifest, added to `Config` by declaration merging). */
import { type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

export const alertSettings = {
  alertConfirmDays: setting({
    env: 'GLAM_ALERT_CONFIRM_DAYS',
    schema: z.coerce.number().int().min(1).max(30),
    default: 7,
    description: 'Days an alert confirmation link (an address without a login) stays valid.',
  }),
  alertSignupLimit: setting({
    env: 'GLAM_ALERT_SIGNUP_LIMIT',
    schema: z.coerce.number().int().min(1).max(10_000),
    default: 30,
    description:
      'Alerts one client address may ask for per hour without a login (`POST /api/alerts` with an e-mail); one e-mail address gets at most 3 confirmation mails an hour.',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof alertSettings> {}
}
