/** Builder → domain files → schema. The printed schema is committed (schema.graphql) and snapshot-tested. */
import { builder } from '../builder.ts'
import './common.ts'
import './stats.ts'
import './customer.ts'
import './influencer.ts'
import './campaign.ts'
import './link.ts'
import './order.ts'
import './user.ts'
import './queries.ts'
import './mutations.ts'

export const schema = builder.toSchema({ sortSchema: true })
