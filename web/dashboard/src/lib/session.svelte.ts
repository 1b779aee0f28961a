/** Who is signed in (`me`), loaded once; staff get the customer switcher and internal columns. */
import { GraphqlError, goToLogin, gql, redirecting } from './graphql.ts'

export interface Me {
  kind: string
  roles: string[]
  email: string | null
  customer: { id: string; name: string } | null
  influencer: { id: string; handle: string; name: string } | null
}

class Session {
  me = $state<Me | null>(null)
  customers = $state<{ id: string; name: string }[]>([])
  error = $state<string | null>(null)
  staff = $derived(
    !!this.me &&
      !this.me.customer &&
      !this.me.influencer &&
      this.me.roles.some((r) => r === 'admin' || r === 'staff'),
  )
  influencer = $derived(!!this.me?.influencer)
  client = $derived(!!this.me?.customer)

  async load() {
    try {
      const { me } = await gql<{ me: Me | null }>('DashboardMe')
      if (!me) goToLogin()
      this.me = me
      if (this.staff) {
        const { customers } = await gql<{ customers: { edges: { node: { id: string; name: string } }[] } }>(
          'DashboardCustomers',
        )
        this.customers = customers.edges.map((e) => e.node)
      }
    } catch (err) {
      if (err instanceof GraphqlError && err.code === redirecting) return
      this.error = (err as Error).message
    }
  }
}

export const session = new Session()
