import type { JobDefinition } from './define.ts'
import { healthProbe } from './health-probe.ts'
import { purgeExpired } from './purge-expired.ts'
import { rotateSigningKeyJob } from './rotate-signing-key.ts'

/** Every job the platform runs. Edge-safe ones also run from the worker's cron triggers. */
export const jobCatalogue: readonly JobDefinition[] = [purgeExpired, healthProbe, rotateSigningKeyJob]

export const findJob = (name: string, jobs = jobCatalogue) => jobs.find((j) => j.name === name)
