import type { Config, Platform } from '@glam/core'
import { prepareLocalPlatform } from '../prepare.ts'
import type { NodePlatform } from './platform.ts'

export { demoShopSecret } from '../prepare.ts'

export const prepareNodePlatform = (
  config: Config,
  overrides: Partial<Platform> = {},
): Promise<NodePlatform> => prepareLocalPlatform('node', config, overrides)
