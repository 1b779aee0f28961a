/**
 * The source of a variant: an image asset by its hash, and whether this request may read it.
 * Public images anyone may; a private one needs a signed variant URL with an expiry or a
 * session whose grants may read it (as its original does), otherwise it answers exactly like an
 * unknown hash: 404 NOT_FOUND. Public records come from the originals' process cache.
 */
import { mayRead } from '@glam/assets/access'
import { keepPublicOriginal, originalOf, publicOriginal } from '@glam/assets/delivery-cache'
import { ruleOf } from '@glam/assets/rules'
import { authenticate } from '@glam/auth'
import { type AppEnv, GlamError } from '@glam/core'
import type { AskedVariant } from '@glam/images/variants'
import type { Context } from 'hono'

type C = Context<AppEnv>

/** The formats sharp reads for variants (every accepted upload image format). */
const variantSources = new Set(['jpeg', 'png', 'webp', 'gif', 'avif'])

export interface VariantSource {
  sha256: string
  format: string
  access: 'public' | 'signed' | 'session'
}

const notFound = () => new GlamError('NOT_FOUND', 'Nothing lives at this address.')

export async function sourceOf(c: C, sha256: string, asked: AskedVariant): Promise<VariantSource> {
  const { platform } = c.var
  const held = publicOriginal(platform, sha256)
  if (held) {
    if (!variantSources.has(held.format)) throw notFound()
    return { sha256, format: held.format, access: 'public' }
  }
  const records = await platform.repos.assets.bySha256(sha256)
  const first = records[0]
  if (!first || !variantSources.has(first.format)) throw notFound()
  if (first.visibility === 'public') {
    keepPublicOriginal(platform, originalOf(first)!)
    return { sha256, format: first.format, access: 'public' }
  }
  // A signature names these bytes and parameters; for private bytes it must also expire.
  if (asked.signed && asked.exp !== undefined) return { sha256, format: first.format, access: 'signed' }
  const principal = await authenticate(c).catch(() => null)
  if (principal)
    for (const record of records) {
      const rule = await ruleOf(platform, record.appId, record.type)
      if (rule && mayRead(principal, record, rule)) return { sha256, format: first.format, access: 'session' }
    }
  throw notFound()
}
