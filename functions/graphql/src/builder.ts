/**
 * The Pothos builder: scope-auth for grants (checked per type and per field), errors as typed
 * results where a caller must handle them, relay-style connections. Every domain file in
 * schema/ adds its types to this builder; schema/index.ts turns it into the schema.
 */

import { hasScope } from '@glam/auth'
import SchemaBuilder from '@pothos/core'
import ErrorsPlugin from '@pothos/plugin-errors'
import RelayPlugin from '@pothos/plugin-relay'
import ScopeAuthPlugin from '@pothos/plugin-scope-auth'
import { GraphQLError } from 'graphql'
import { type GraphContext, isEditor, isPlatform, roles } from './context.ts'

export interface AuthScopes {
  /** Any authenticated caller. */
  loggedIn: boolean
  /** admin or staff (or a platform-wide API key): every customer. */
  platform: boolean
  /** admin or staff with write scopes (or a platform-wide `*` key): the mutations. */
  editor: boolean
  /** admin (or the platform-wide `*` API key): grants. */
  admin: boolean
  /** May read this customer's data. */
  customer: string
  /** May read this influencer's own data. */
  influencer: string
  /** Holds `catalog:read`: feeds and their runs (of the shops the caller may see, as on /api). */
  catalog: boolean
}

export const builder = new SchemaBuilder<{
  Context: GraphContext
  AuthScopes: AuthScopes
  Scalars: { DateTime: { Input: Date; Output: Date } }
  DefaultEdgesNullability: false
  DefaultNodeNullability: false
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: (ctx) => {
      const p = ctx.principal
      const platform = isPlatform(p)
      // Customer- and influencer-limited callers read within their limit, with a read scope; a
      // caller with no grant for the dashboard (scopes []) counts as logged in to nothing here.
      const reads = !!p && hasScope(p, 'links:read')
      return {
        loggedIn: platform || (reads && (!!p?.customerId || !!p?.influencerId)),
        platform,
        editor: isEditor(p),
        admin: roles(p).includes('admin'),
        customer: (id) => platform || (reads && !!p?.customerId && p.customerId === id),
        influencer: (id) => platform || (reads && !!p?.influencerId && p.influencerId === id),
        catalog: !!p && hasScope(p, 'catalog:read'),
      }
    },
    // The catalogue's codes: UNAUTHORIZED without a credential, FORBIDDEN without the grant.
    unauthorizedError: (_parent, ctx, info) =>
      new GraphQLError(
        ctx.principal ? `Not allowed to read ${info.parentType.name}.${info.fieldName}.` : 'Log in first.',
        { extensions: { code: ctx.principal ? 'FORBIDDEN' : 'UNAUTHORIZED' } },
      ),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  errors: { defaultTypes: [] },
})

builder.scalarType('DateTime', {
  description: 'An ISO 8601 date and time in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value))
    if (Number.isNaN(date.getTime())) throw new GraphQLError('Not an ISO 8601 date and time.')
    return date
  },
})

builder.queryType({})
builder.mutationType({})
