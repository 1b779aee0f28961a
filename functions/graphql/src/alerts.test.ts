// A portal member's wishlists and alerts over GraphQL with the rules of /api/wishlists and
// /api/alerts: members only (MEMBER_REQUIRED otherwise, staff included), their own lists and
// alerts only (another member's answer WISHLIST_NOT_FOUND / ALERT_NOT_FOUND), bad input a
// ValidationError result, and what GraphQL makes is what the REST API lists.
import { importFeed } from '@glam/catalog/import'
import { demo } from '@glam/db'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { sessionCookie } from '@glam/testing/session'
import { beforeAll, describe, expect, it } from 'vitest'

type Result = {
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions
  data?: Record<string, any> | null
  errors?: { message: string; extensions?: { code?: string } }[]
}

const origin = 'http://localhost:3000'
const listFields =
  'id name shareUrl items { productId addedAt product { title priceMinor currency onOffer } }'
const alertFields =
  'id productId kind targetPriceMinor status wishlistId product { title priceMinor availability }'

describe('GraphQL wishlists and alerts', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let member: string
  let other: string
  let staff: string
  let productId: string

  const gql = async (auth: { cookie?: string; bearer?: string }, query: string, variables = {}) => {
    const res = await t.app.request('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        ...(auth.cookie && { cookie: auth.cookie }),
        ...(auth.bearer && { authorization: `Bearer ${auth.bearer}` }),
      },
      body: JSON.stringify({ query, variables }),
    })
    return (await res.json()) as Result
  }
  const codes = (r: Result) => (r.errors ?? []).map((e) => e.extensions?.code)

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    staff = (await demoTokens(t, ['staff'])).staff!
    const csv =
      'id,title,link,image_link,price,availability\nS1,Glow Serum,https://shop.demo.example/1,https://shop.demo.example/1.jpg,29.90 EUR,in stock\n'
    await importFeed({ repos: t.repos, shopId: demo.shopId, source: 'feed.csv', bytes: [Buffer.from(csv)] })
    productId = (await t.repos.products.bySku(demo.shopId, 'S1'))!.id
    member = await sessionCookie(t.repos, demo.memberUserId, 'portal')
    const second = await t.repos.users.ensure({ email: 'second.member@example.com' })
    await t.repos.users.grant({ userId: second.id, app: 'portal', role: 'member' })
    other = await sessionCookie(t.repos, second.id, 'portal')
  })

  it('gives a member their own lists: made, filled, emptied, deleted; nobody else reaches them', async () => {
    const made = await gql(
      { cookie: member },
      `mutation($name: String!) { createWishlist(name: $name) { ... on MutationCreateWishlistSuccess { data { ${listFields} } } ... on ValidationError { issues { path } } } }`,
      { name: '  Winter  ' },
    )
    expect(made.errors).toBeUndefined()
    const list = made.data!.createWishlist.data
    expect(list).toMatchObject({ name: 'Winter', items: [] })
    expect(list.shareUrl).toMatch(/\/w\/[A-Za-z0-9_-]+/)

    const added = await gql(
      { cookie: member },
      `mutation($w: ID!, $p: ID!) { addToWishlist(wishlistId: $w, productId: $p) { ${listFields} } }`,
      { w: list.id, p: productId },
    )
    expect(added.data!.addToWishlist.items).toMatchObject([
      { productId, product: { title: 'Glow Serum', priceMinor: 2990, currency: 'EUR', onOffer: true } },
    ])
    const mine = await gql({ cookie: member }, `{ myWishlists { ${listFields} } }`)
    expect(mine.data!.myWishlists).toHaveLength(1)
    // The REST API lists the same list.
    const rest = await t.app.request('/api/wishlists', { headers: { cookie: member } })
    expect(((await rest.json()) as { items: { id: string }[] }).items.map((l) => l.id)).toEqual([list.id])

    // Another member: nothing of theirs, and the list is not found whatever they try.
    expect((await gql({ cookie: other }, '{ myWishlists { id } }')).data!.myWishlists).toEqual([])
    for (const query of [
      'mutation($w: ID!, $p: ID!) { addToWishlist(wishlistId: $w, productId: $p) { id } }',
      'mutation($w: ID!, $p: ID!) { removeFromWishlist(wishlistId: $w, productId: $p) { id } }',
      'mutation($w: ID!) { deleteWishlist(id: $w) }',
    ])
      expect(codes(await gql({ cookie: other }, query, { w: list.id, p: productId }))).toEqual([
        'WISHLIST_NOT_FOUND',
      ])

    const removed = await gql(
      { cookie: member },
      'mutation($w: ID!, $p: ID!) { removeFromWishlist(wishlistId: $w, productId: $p) { items { productId } } }',
      { w: list.id, p: productId },
    )
    expect(removed.data!.removeFromWishlist.items).toEqual([])
    const again = await gql(
      { cookie: member },
      'mutation($w: ID!, $p: ID!) { removeFromWishlist(wishlistId: $w, productId: $p) { id } }',
      { w: list.id, p: productId },
    )
    expect(codes(again)).toEqual(['NOT_FOUND'])
    expect(
      (await gql({ cookie: member }, 'mutation($w: ID!) { deleteWishlist(id: $w) }', { w: list.id })).data,
    ).toEqual({ deleteWishlist: list.id })
    expect((await gql({ cookie: member }, '{ myWishlists { id } }')).data!.myWishlists).toEqual([])
  })

  it('makes a member’s alert active at once, refuses bad input as a result, and keeps it theirs', async () => {
    const create = `mutation($p: ID!, $k: AlertKind!, $t: Int) {
      createAlert(productId: $p, kind: $k, targetPriceMinor: $t, locale: "en") {
        ... on MutationCreateAlertSuccess { data { ${alertFields} } }
        ... on ValidationError { issues { path message } }
      } }`
    const missing = await gql({ cookie: member }, create, { p: productId, k: 'TARGET_PRICE' })
    expect(missing.data!.createAlert.issues).toMatchObject([{ path: 'targetPriceMinor' }])
    const unknown = await gql({ cookie: member }, create, {
      p: '00000000-0000-4000-8000-000000000000',
      k: 'PRICE_DROP',
    })
    expect(codes(unknown)).toEqual(['ALERT_PRODUCT_UNKNOWN'])

    const made = await gql({ cookie: member }, create, { p: productId, k: 'TARGET_PRICE', t: 2500 })
    expect(made.errors).toBeUndefined()
    const alert = made.data!.createAlert.data
    expect(alert).toMatchObject({
      productId,
      kind: 'TARGET_PRICE',
      targetPriceMinor: 2500,
      status: 'active',
      product: { title: 'Glow Serum', priceMinor: 2990, availability: 'in_stock' },
    })
    // The same product and kind again: the same alert, with the new target.
    const retarget = await gql({ cookie: member }, create, { p: productId, k: 'TARGET_PRICE', t: 2000 })
    expect(retarget.data!.createAlert.data).toMatchObject({ id: alert.id, targetPriceMinor: 2000 })
    const mine = await gql({ cookie: member }, `{ myAlerts { ${alertFields} } }`)
    expect(mine.data!.myAlerts.map((a: { id: string }) => a.id)).toEqual([alert.id])
    const rest = await t.app.request('/api/alerts', { headers: { cookie: member } })
    expect(((await rest.json()) as { items: { id: string }[] }).items.map((a) => a.id)).toEqual([alert.id])

    expect((await gql({ cookie: other }, '{ myAlerts { id } }')).data!.myAlerts).toEqual([])
    expect(
      codes(await gql({ cookie: other }, 'mutation($a: ID!) { deleteAlert(id: $a) }', { a: alert.id })),
    ).toEqual(['ALERT_NOT_FOUND'])
    expect(
      (await gql({ cookie: member }, 'mutation($a: ID!) { deleteAlert(id: $a) }', { a: alert.id })).data,
    ).toEqual({ deleteAlert: alert.id })
    expect((await gql({ cookie: member }, '{ myAlerts { id } }')).data!.myAlerts).toEqual([])
  })

  it('answers MEMBER_REQUIRED to anonymous callers and to staff without a portal grant', async () => {
    for (const auth of [{}, { bearer: staff }])
      for (const query of ['{ myWishlists { id } }', '{ myAlerts { id } }'])
        expect(codes(await gql(auth, query))).toEqual(['MEMBER_REQUIRED'])
  })

  it('refuses a member’s change from another origin (CSRF)', async () => {
    const res = await t.app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', cookie: member },
      body: JSON.stringify({ query: 'mutation { createWishlist(name: "x") { __typename } }' }),
    })
    expect(res.status).toBe(403)
    expect((await gql({ cookie: member }, '{ myWishlists { id } }')).data!.myWishlists).toEqual([])
  })
})
