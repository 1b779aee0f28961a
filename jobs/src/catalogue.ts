import type { JobDefinition } from './define.ts'

// The job catalogue is derived from the functions' manifests (`jobCatalogue` in
// @glam/platform/functions); each job is declared by the function that owns it.

/** The job of that name in a catalogue. */
export const findJob = (name: string, jobs: readonly JobDefinition[]) => jobs.find((j) => j.name === name)
