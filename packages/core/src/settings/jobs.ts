/** The job scheduler (leases in the SQL database keep one run per tick across processes). */
import { bool, setting } from './define.ts'

export const jobSettings = {
  scheduler: setting({
    env: 'GLAM_SCHEDULER',
    schema: bool,
    default: 'true',
    description: 'Run the job scheduler in this process (leases keep one run per tick across processes).',
  }),
} as const
