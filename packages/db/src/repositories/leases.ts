import { and, eq, gte, lt, or } from 'drizzle-orm'
import type { RepoContext } from './context.ts'

type T = RepoContext['database']['t']
export type LeaseRow = T['leases']['$inferSelect']

/** Who holds a lease now, and until when. */
export interface LeaseHolder {
  holder: string
  expiresAt: Date
  /** When it was last taken (a re-take by the same holder counts). */
  acquiredAt: Date
}

/** The longest name: 191 utf8mb4 characters is the longest key MySQL indexes everywhere. */
export const maxLeaseNameLength = 191
export const maxLeaseHolderLength = 64

/** Longer than `max` characters as the databases count them (code points, not UTF-16 units). */
const longer = (value: string, max: number) => value.length > max && [...value].length > max

function checkName(name: string) {
  if (typeof name !== 'string' || name === '') throw new TypeError('a lease name must be a non-empty string')
  if (longer(name, maxLeaseNameLength))
    throw new TypeError(`lease name is longer than ${maxLeaseNameLength} characters: ${name.slice(0, 40)}…`)
}

function checkHolder(holder: string) {
  if (typeof holder !== 'string' || holder === '')
    throw new TypeError('a lease holder must be a non-empty string')
  if (longer(holder, maxLeaseHolderLength))
    throw new TypeError(`lease holder is longer than ${maxLeaseHolderLength} characters`)
}

function checkTtl(ttlMs: number) {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`lease ttlMs must be positive: ${ttlMs}`)
}

const epoch = new Date(0)

/**
 * Generic leases: "only one process computes X at a time", across processes and containers, on
 * every dialect (SQLite, D1, MySQL/MariaDB). No transaction: a free row is inserted if missing,
 * then taken by an atomic compare-and-set UPDATE (as jobs.ts does for job leases). A lease is held
 * while `expires_at >= now` and free once it has expired (a released lease expired at the epoch).
 *
 * Whether the UPDATE won is read from its affected rows; when it reports none, the row is read
 * back. That covers MySQL without `CLIENT_FOUND_ROWS` (mysql2 sets it by default), where an UPDATE
 * that writes the values already there (the same holder re-taking within one millisecond) counts
 * no rows although it matched.
 *
 * Every process compares times from its own clock: the TTL must be well above the clock skew
 * between the processes sharing a lease.
 */
export function leasesRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const row = async (name: string): Promise<LeaseRow | null> =>
    (await db.select().from(t.leases).where(eq(t.leases.name, name)).limit(1))[0] ?? null
  /** After an UPDATE that reported no rows: does `holder` hold it at `at`? Null: the row is gone. */
  const heldBy = async (name: string, holder: string, at: Date): Promise<boolean | null> => {
    const current = await row(name)
    if (!current) return null
    return current.holder === holder && current.expiresAt.getTime() >= at.getTime()
  }
  return {
    /**
     * True when `holder` holds the lease now: it was free (never taken, released or expired), or
     * this holder already held it (then it is extended to `now + ttlMs`). False while another
     * holder's lease runs.
     */
    async take(input: { name: string; holder: string; ttlMs: number; now?: Date }): Promise<boolean> {
      checkName(input.name)
      checkHolder(input.holder)
      checkTtl(input.ttlMs)
      const at = input.now ?? now()
      const expiresAt = new Date(at.getTime() + input.ttlMs)
      // Twice at most: a sweep may delete the free row between the insert and the update.
      for (let attempt = 0; attempt < 2; attempt++) {
        await ops.insertIgnore(t.leases, [
          { name: input.name, holder: '', expiresAt: epoch, acquiredAt: epoch },
        ])
        const result = await db
          .update(t.leases)
          .set({ holder: input.holder, expiresAt, acquiredAt: at })
          .where(
            and(
              eq(t.leases.name, input.name),
              or(lt(t.leases.expiresAt, at), eq(t.leases.holder, input.holder)),
            ),
          )
        if (ops.affectedRows(result) === 1) return true
        const held = await heldBy(input.name, input.holder, at)
        if (held !== null) return held
      }
      return false
    },

    /** Extends a lease this holder still holds (not expired) to `now + ttlMs`; false: it was lost. */
    async renew(input: { name: string; holder: string; ttlMs: number; now?: Date }): Promise<boolean> {
      checkName(input.name)
      checkHolder(input.holder)
      checkTtl(input.ttlMs)
      const at = input.now ?? now()
      const result = await db
        .update(t.leases)
        .set({ expiresAt: new Date(at.getTime() + input.ttlMs) })
        .where(
          and(eq(t.leases.name, input.name), eq(t.leases.holder, input.holder), gte(t.leases.expiresAt, at)),
        )
      if (ops.affectedRows(result) === 1) return true
      return (await heldBy(input.name, input.holder, at)) ?? false
    },

    /** Frees the lease at once, if this holder still holds it; otherwise does nothing. */
    async release(input: { name: string; holder: string }): Promise<void> {
      checkName(input.name)
      checkHolder(input.holder)
      await db
        .update(t.leases)
        .set({ holder: '', expiresAt: epoch })
        .where(and(eq(t.leases.name, input.name), eq(t.leases.holder, input.holder)))
    },

    /** Who holds the lease at `at` (default now); null when it is free. */
    async holderOf(name: string, at: Date = now()): Promise<LeaseHolder | null> {
      checkName(name)
      const current = await row(name)
      if (!current || current.holder === '' || current.expiresAt.getTime() < at.getTime()) return null
      return { holder: current.holder, expiresAt: current.expiresAt, acquiredAt: current.acquiredAt }
    },

    /**
     * Deletes the rows of leases that expired before `before` (released ones included); returns how
     * many. Pass a time safely in the past (now minus a grace period): a live lease is never swept then.
     */
    async sweep(before: Date): Promise<number> {
      return ops.affectedRows(await db.delete(t.leases).where(lt(t.leases.expiresAt, before)))
    },
  }
}
