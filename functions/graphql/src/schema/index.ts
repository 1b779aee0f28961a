/**
 * Builder → domain files → schema. Each domain file implements its types (refs.ts declares them
 * all first, so they can point at each other) and registers its own queries and mutations with
 * `builder.queryFields` / `builder.mutationFields`; this file only loads them, in a fixed order.
 *
 * Lists are scoped to the caller before they reach the types' own checks: a client lists their
 * customer's campaigns and links, an influencer their own links; anonymous callers get
 * `me: null` and nothing else. Lookups by id follow the same rules (visibility.ts): a record the
 * caller may not see answers NOT_FOUND, exactly like one that does not exist.
 *
 * The write side is for admins and staff (clients and influencers read only), grants for
 * admins. Input is checked with zod; a caller gets ValidationError, NotFoundError or
 * ConflictError as a typed result to handle. Every change is audited with the actor and the
 * request id.
 *
 * The printed schema is committed (schema.graphql) and snapshot-tested.
 */
import { builder } from '../builder.ts'
import './common.ts'
import './stats.ts'
import './viewer.ts'
import './customer.ts'
import './shop.ts'
import './influencer.ts'
import './campaign.ts'
import './campaign-influencer.ts'
import './link.ts'
import './order.ts'
import './user.ts'
import './asset.ts'
import './feed.ts'
import './api-key.ts'
import './report.ts'
import './search.ts'
import './alerts.ts'

export const schema = builder.toSchema({ sortSchema: true })
