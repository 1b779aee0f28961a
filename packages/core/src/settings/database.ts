/** The SQL database of the operational data (`@glam/db`). */
import { z } from 'zod'
import { setting } from './define.ts'

export const databaseSettings = {
  databaseUrl: setting({
    env: 'DATABASE_URL',
    sensitive: true,
    schema: z
      .string()
      .regex(
        /^(file:|libsql:|mysql:\/\/|:memory:)/,
        'must start with file:, libsql:, mysql:// or be :memory:',
      ),
    default: 'file:.data/glam.db',
    description:
      'SQL database: `file:…` (SQLite through libsql, the embedded default) or `mysql://user:pass@host/db`.',
  }),
} as const
