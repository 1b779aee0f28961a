/**
 * Shared pieces: typed errors, connection arguments and pages, zod input checks, the URL inputs
 * and the audit record every mutation writes.
 */
import { cursorParam, webOrigin, webUrl } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { GraphQLError } from 'graphql'
import { z } from 'zod'
import { builder } from '../builder.ts'
import type { GraphContext } from '../context.ts'

export const maxPage = 100

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError'
}
export class ConflictError extends Error {
  override readonly name = 'ConflictError'
}
export class ValidationError extends Error {
  override readonly name = 'ValidationError'
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message)
  }
}

const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An error a caller is expected to handle.',
  fields: (t) => ({ message: t.exposeString('message') }),
})
builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (o) => o instanceof NotFoundError,
  fields: () => ({}),
})
builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  isTypeOf: (o) => o instanceof ConflictError,
  fields: () => ({}),
})
const Issue = builder.objectRef<{ path: string; message: string }>('ValidationIssue').implement({
  fields: (t) => ({ path: t.exposeString('path'), message: t.exposeString('message') }),
})
builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (o) => o instanceof ValidationError,
  fields: (t) => ({ issues: t.field({ type: [Issue], resolve: (e) => e.issues }) }),
})

export const mutationErrors = { types: [ValidationError, NotFoundError, ConflictError] }

/** Parses input with zod; a failure becomes a ValidationError result naming each field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) {
    throw new ValidationError(
      'Some fields are missing or invalid.',
      result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    )
  }
  return result.data
}

/** Forward pagination only, at most 100 per page: asking for more is refused, not trimmed. */
export function pageArgs(args: {
  first?: number | null
  after?: string | null
  last?: number | null
  before?: string | null
}) {
  if (args.last != null || args.before != null)
    throw new GraphQLError('Only forward pagination (first, after) is supported.', {
      extensions: { code: 'BAD_USER_INPUT' },
    })
  const first = args.first ?? 50
  if (!Number.isInteger(first) || first < 1 || first > maxPage)
    throw new GraphQLError(`first must be between 1 and ${maxPage}.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    })
  // A cursor is an id a page answered: anything else is INVALID_CURSOR, as on /api.
  const cursor = cursorParam(args.after)
  return { limit: first, ...(cursor && { cursor }) }
}

/** A repository page as a relay connection (cursors are the records' sortable ids). */
export function connectionOf<T extends { id: string }>(page: { items: T[]; nextCursor: string | null }) {
  return {
    edges: page.items.map((node) => ({ cursor: node.id, node })),
    pageInfo: {
      hasNextPage: page.nextCursor !== null,
      hasPreviousPage: false,
      startCursor: page.items[0]?.id ?? null,
      endCursor: page.items.at(-1)?.id ?? null,
    },
  }
}

/** An in-memory list as a connection (children already loaded in one batch). */
export function connectionOfList<T extends { id: string }>(
  items: T[],
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null },
) {
  const { limit, cursor } = { cursor: undefined, ...pageArgs(args) }
  const start = cursor ? items.findIndex((i) => i.id === cursor) + 1 : 0
  const slice = items.slice(start, start + limit)
  return connectionOf({
    items: slice,
    nextCursor: start + limit < items.length ? (slice.at(-1)?.id ?? null) : null,
  })
}

export const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } })

/** The mutations' scope: admins and staff (clients and influencers read only). */
export const platformOnly = { editor: true } as const
export const str = (v: unknown) => (v == null ? undefined : String(v))

/** Every change is audited with the actor and the request id. */
export const audit = (
  ctx: GraphContext,
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown> = {},
) =>
  repositoriesOf(ctx.platform).audit.record({
    actorType: ctx.principal!.kind,
    actorId: ctx.principal!.id,
    action,
    targetType,
    targetId,
    details: { ...details, via: 'graphql' },
    requestId: ctx.requestId,
  })

const slugPrefix = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)

/**
 * The inputs holding URLs, per mode: every URL is stored as its WHATWG-normalised href (IDNA to
 * punycode, percent-encoded, at most 2,048 characters once normalised) and every shop origin as
 * its normalised origin; production refuses private, loopback and link-local hosts.
 */
function urlInputs(publicOnly: boolean) {
  const url = webUrl({ publicOnly })
  return {
    customer: z.object({ name: z.string().trim().min(1).max(200), landingUrl: url.nullish() }),
    shop: z.object({
      name: z.string().trim().min(1).max(200),
      origins: z.array(webOrigin({ publicOnly })).min(1).max(20),
      customerId: z.uuid().nullish(),
    }),
    assignment: z.object({
      destination: url,
      slugPrefix: slugPrefix.nullish(),
      influencerIds: z.array(z.uuid()).min(1).max(500),
    }),
  }
}
const byMode = { production: urlInputs(true), development: urlInputs(false) }
/** The URL-holding input schemas for the caller's platform (public hosts only in production). */
export const inputsFor = (ctx: Pick<GraphContext, 'platform'>) =>
  ctx.platform.config.env === 'production' ? byMode.production : byMode.development
