/**
 * Development conveniences: on by default in development, off by default in production, and
 * refused there when switched on.
 */
import { z } from 'zod'
import { bool, setting } from './define.ts'

export const developmentSettings = {
  demoData: setting({
    env: 'GLAM_DEMO_DATA',
    schema: bool,
    devDefault: 'true',
    productionDefault: 'false',
    description: 'Seed the demo records (Demo Beauty, lena, mia, Summer Glow, …) at start, idempotently.',
    insecure: (v) => (v ? 'demo data creates known users, among them a platform admin' : false),
  }),
  graphiql: setting({
    env: 'GLAM_GRAPHIQL',
    schema: bool,
    devDefault: 'true',
    productionDefault: 'false',
    description: 'Serve GraphiQL and introspection at `/graphql`.',
    insecure: (v) => (v ? 'GraphiQL is a development tool' : false),
  }),
  debugRoutes: setting({
    env: 'GLAM_DEBUG_ROUTES',
    schema: bool,
    devDefault: 'true',
    productionDefault: 'false',
    description: 'Mount the development routes under `/dev` (mailbox, error probes).',
    insecure: (v) => (v ? 'debug routes must be off' : false),
  }),
  demoTrafficDays: setting({
    env: 'GLAM_DEMO_TRAFFIC_DAYS',
    schema: z.coerce.number().int().min(0).max(366),
    devDefault: 30,
    productionDefault: 0,
    description:
      'With demo data and ClickHouse events, the first start fills that many past days of demo clicks and orders for both demo customers (`npm run demo -- traffic`), in the background, so the reports show something (0: never).',
    insecure: (v) => (v !== 0 ? 'demo traffic is for development' : false),
  }),
  demoShopPort: setting({
    env: 'GLAM_DEMO_SHOP_PORT',
    schema: z.coerce.number().int().min(0).max(65535),
    devDefault: 3001,
    productionDefault: 0,
    description: '`npm start` also serves the demo shop on http://127.0.0.1:<port> (0: off).',
    insecure: (v) => (v !== 0 ? 'the demo shop is for development' : false),
  }),
} as const
