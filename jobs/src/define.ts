// Job definitions live in @glam/core (a function's manifest declares its jobs); re-exported here.
export { defineJob, type JobContext, type JobDefinition } from '@glam/core'
