/** The JSON log. */
import { z } from 'zod'
import { setting } from './define.ts'

export const loggingSettings = {
  logLevel: setting({
    env: 'LOG_LEVEL',
    schema: z.enum(['debug', 'info', 'warn', 'error', 'silent']),
    default: 'info',
    description: 'Lowest level written to the JSON log.',
  }),
} as const
