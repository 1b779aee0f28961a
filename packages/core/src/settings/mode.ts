/** The mode every other setting's defaults and production refusals depend on. */
import { z } from 'zod'
import { setting } from './define.ts'

export const modeSettings = {
  env: setting({
    env: 'GLAM_ENV',
    schema: z.enum(['development', 'test', 'production']),
    default: 'development',
    description: 'Mode. `production` refuses missing secrets and development defaults.',
  }),
} as const
