/**
 * Words too common to narrow a search: dropped from queries (unless a query has nothing else)
 * and from descriptions, kept in titles, brands and categories. Short on purpose: `no` (No7),
 * `it` (IT Cosmetics), `up` (make up), `de` (eau de parfum) stay searchable.
 */
import { fold } from './fold.ts'

const german = `
  der die das den dem des ein eine einer einen einem eines und oder mit für von zu zum zur im in
  ins am an auf aus bei ohne nach über um als auch ist sind wird werden es sich sie ihr ihre
  dein deine ihre sowie so wie nicht noch nur sehr`
const english = `
  the and or with for of a an in to without on at by from as is are be this that these your you
  its our into very`

export const stopWords: ReadonlySet<string> = new Set(
  `${german} ${english}`
    .split(/\s+/)
    .filter((word) => word !== '')
    .map(fold),
)
