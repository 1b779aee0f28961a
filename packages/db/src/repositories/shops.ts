import { openSecret, randomToken, sealSecret } from '@glam/core'
import { desc, eq, lt } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

type Row = RepoContext['database']['t']['shops']['$inferSelect']
/** A shop as the API shows it: the signing secret is never part of it. */
export type Shop = Omit<Row, 'secretCiphertext'>

const purpose = (shopId: string) => `shop-secret:${shopId}`
const withoutSecret = ({ secretCiphertext: _, ...shop }: Row): Shop => shop
export const newPublicKey = () => `pk_${randomToken(24)}`
export const newSigningSecret = () => `whsec_${randomToken(40)}`

export function shopsRepository({ database, now, masterKey }: RepoContext) {
  const { db, t } = database
  const row = async (id: string) =>
    (await db.select().from(t.shops).where(eq(t.shops.id, id)).limit(1))[0] ?? null
  return {
    /** Creates a shop with a fresh public key and signing secret; the secret is returned this once. */
    async create(input: {
      id?: string
      name: string
      origins: string[]
      customerId?: string | null
      clickParam?: string
      publicKey?: string
      signingSecret?: string
    }): Promise<{ shop: Shop; signingSecret: string }> {
      const id = input.id ?? newId()
      const signingSecret = input.signingSecret ?? newSigningSecret()
      const at = now()
      const record: Row = {
        id,
        customerId: input.customerId ?? null,
        name: input.name,
        origins: input.origins,
        publicKey: input.publicKey ?? newPublicKey(),
        secretCiphertext: await sealSecret(masterKey, purpose(id), signingSecret),
        secretKeyVersion: 1,
        secretRotatedAt: null,
        clickParam: input.clickParam ?? 'glam_cid',
        status: 'active',
        createdAt: at,
        updatedAt: at,
      }
      await db.insert(t.shops).values(record)
      return { shop: withoutSecret(record), signingSecret }
    },
    async get(id: string): Promise<Shop | null> {
      const r = await row(id)
      return r && withoutSecret(r)
    },
    async byPublicKey(publicKey: string): Promise<Shop | null> {
      const [r] = await db.select().from(t.shops).where(eq(t.shops.publicKey, publicKey)).limit(1)
      return r ? withoutSecret(r) : null
    },
    /** The signing secret, decrypted, for verifying a server-to-server signature. */
    async signingSecret(id: string): Promise<string | null> {
      const r = await row(id)
      return r ? openSecret(masterKey, purpose(id), r.secretCiphertext) : null
    },
    /** A new signing secret (returned once); the old one stops working at once. */
    async rotateSecret(id: string): Promise<string> {
      const secret = newSigningSecret()
      const at = now()
      const r = await row(id)
      if (!r) throw new Error(`no shop ${id}`)
      await db
        .update(t.shops)
        .set({
          secretCiphertext: await sealSecret(masterKey, purpose(id), secret),
          secretKeyVersion: r.secretKeyVersion + 1,
          secretRotatedAt: at,
          updatedAt: at,
        })
        .where(eq(t.shops.id, id))
      return secret
    },
    async rotatePublicKey(id: string): Promise<string> {
      const publicKey = newPublicKey()
      await db.update(t.shops).set({ publicKey, updatedAt: now() }).where(eq(t.shops.id, id))
      return publicKey
    },
    async update(
      id: string,
      patch: Partial<Pick<Shop, 'name' | 'origins' | 'clickParam' | 'status' | 'customerId'>>,
    ) {
      const at = now()
      await db
        .update(t.shops)
        .set({ ...patch, updatedAt: at })
        .where(eq(t.shops.id, id))
      // Its products carry its name and status into the search index: changed with them, the
      // next sync writes them again (a paused shop's products leave the results).
      if (patch.name !== undefined || patch.status !== undefined)
        await db.update(t.products).set({ updatedAt: at }).where(eq(t.products.shopId, id))
      return this.get(id)
    },
    /** The ids of a customer's shops (the reports list their unattributed orders). */
    async idsOfCustomer(customerId: string): Promise<string[]> {
      const rows = await db.select({ id: t.shops.id }).from(t.shops).where(eq(t.shops.customerId, customerId))
      return rows.map((r) => r.id)
    },
    async list(options: { limit?: number; cursor?: string } = {}) {
      const size = pageSize(options.limit)
      const rows = await db
        .select()
        .from(t.shops)
        .where(options.cursor ? lt(t.shops.id, options.cursor) : undefined)
        .orderBy(desc(t.shops.id))
        .limit(size + 1)
      return toPage(rows.map(withoutSecret), size)
    },
  }
}
