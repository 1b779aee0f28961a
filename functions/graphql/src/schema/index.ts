/** Builder → domain files → schema. The printed schema is committed (schema.graphql) and snapshot-tested. */
import { builder } from '../builder.ts'
import './common.ts'
import './stats.ts'
import './types.ts'
import './queries.ts'
import './mutations.ts'

export const schema = builder.toSchema({ sortSchema: true })
