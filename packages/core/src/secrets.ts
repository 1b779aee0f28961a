import type { Config } from './config.ts'
import type { Secrets } from './platform.ts'

/** Secrets served from the parsed configuration. */
export const secretsFromConfig = (config: Config): Secrets => ({
  require(name) {
    const value = name === 'GLAM_SECRET' ? config.secret : config.masterKey
    if (!value) throw new Error(`${name} is not configured`)
    return value
  },
})
