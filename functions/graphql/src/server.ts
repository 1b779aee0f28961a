/**
 * graphql-yoga over the Pothos schema, with the limits a public endpoint needs: depth (12) and
 * cost limits (graphql-armor), page sizes capped at 100 by the schema, persisted operations
 * (the dashboard's, by hash; arbitrary documents refused in production), introspection and
 * GraphiQL only outside production (GraphiQL's assets come from @graphql-yoga/render-graphiql,
 * served by Glam, no CDN), errors in the platform's catalogue (errors.ts) and masked in
 * production: nothing internal (no `originalError`, no stack) leaves.
 */
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit'
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth'
import type { AppEnv, Config } from '@glam/core'
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations'
import { NoSchemaIntrospectionCustomRule } from 'graphql'
import { createYoga, type Plugin } from 'graphql-yoga'
import type { Context } from 'hono'
import type { GraphContext } from './context.ts'
import { maskError, statusAndLogging } from './errors.ts'
import { persistedOperations } from './persisted.ts'
import { schema } from './schema/index.ts'

export const limits = { maxDepth: 12, maxCost: 50_000 } as const

const noIntrospection: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(NoSchemaIntrospectionCustomRule)
  },
}

export function createGraphqlServer(config: Config, context: (c: Context<AppEnv>) => Promise<GraphContext>) {
  const production = config.env === 'production'
  return createYoga<{ hono: Context<AppEnv> }>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // CORS is the platform's (GLAM_CORS_ORIGINS and registered app origins), never yoga's default,
    // which reflects any origin with credentials.
    cors: false,
    graphiql: config.graphiql
      ? { title: 'Glam GraphQL', defaultQuery: persistedOperations.dashboard }
      : false,
    // GraphiQL's bundle (~9 MB, served by Glam itself) loads only when someone opens it.
    renderGraphiQL: async (options) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    // Always through Glam's mask: catalogue codes in both modes, no internals in production.
    maskedErrors: { maskError: maskError(production), isDev: !production },
    logging: false,
    context: ({ hono }) => context(hono),
    plugins: [
      statusAndLogging,
      maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, exposeLimits: true }),
      costLimitPlugin({ maxCost: limits.maxCost, exposeLimits: true }),
      usePersistedOperations({
        getPersistedOperation: (hash) => persistedOperations.byHash.get(hash) ?? null,
        // In production, browser sessions send only the persisted operations; API keys and tokens
        // (already verified before yoga runs, and not sent by browsers on their own) may send any.
        allowArbitraryOperations: production ? (request) => request.headers.has('authorization') : true,
        skipDocumentValidation: false,
      }),
      ...(config.graphiql && !production ? [] : [noIntrospection]),
    ],
  })
}
