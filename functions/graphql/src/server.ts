/**
 * graphql-yoga over the Pothos schema, with the limits a public endpoint needs: depth (12) and
 * cost limits (graphql-armor), page sizes capped at 100 by the schema, persisted operations
 * (the dashboard's, by hash; arbitrary documents refused in production), introspection and
 * GraphiQL only outside production (GraphiQL's assets come from @graphql-yoga/render-graphiql,
 * served by Glam, no CDN), and masked errors in production.
 */
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit'
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth'
import type { AppEnv, Config } from '@glam/core'
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations'
import { NoSchemaIntrospectionCustomRule } from 'graphql'
import { createYoga, type Plugin } from 'graphql-yoga'
import type { Context } from 'hono'
import type { GraphContext } from './context.ts'
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
    graphiql: config.graphiql
      ? { title: 'Glam GraphQL', defaultQuery: persistedOperations.dashboard }
      : false,
    // GraphiQL's bundle (~9 MB, served by Glam itself) loads only when someone opens it.
    renderGraphiQL: async (options) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    maskedErrors: production,
    logging: false,
    context: ({ hono }) => context(hono),
    plugins: [
      maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, exposeLimits: true }),
      costLimitPlugin({ maxCost: limits.maxCost, exposeLimits: true }),
      usePersistedOperations({
        getPersistedOperation: (hash) => persistedOperations.byHash.get(hash) ?? null,
        allowArbitraryOperations: !production,
        skipDocumentValidation: false,
      }),
      ...(config.graphiql && !production ? [] : [noIntrospection]),
    ],
  })
}
