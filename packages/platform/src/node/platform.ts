import type { Config, Platform } from '@glam/core'
import { createLocalPlatform, type LocalPlatform } from '../local.ts'
import { createBufferedLogWriter } from './log-writer.ts'

export type NodePlatform = LocalPlatform

/** The platform for a Node container, from parsed configuration. */
export const createNodePlatform = (config: Config, overrides: Partial<Platform> = {}): NodePlatform =>
  createLocalPlatform(
    'node',
    config,
    overrides,
    overrides.logger ? {} : { writeLog: createBufferedLogWriter().write },
  )
