/**
 * A JSON request through the app as a bearer (or anonymously): the status, the parsed body and
 * its text (for "never contains" checks).
 *
 * ```ts
 * const call = jsonCall(() => t.app)
 * const { status, body } = await call('/api/keys', token, 'POST', { name: 'ci' })
 * ```
 */
interface Requester {
  request(path: string, init: RequestInit): Response | Promise<Response>
}

export function jsonCall<J = Record<string, unknown>>(app: () => Requester) {
  return async (path: string, token?: string, method = 'GET', body?: unknown) => {
    const res = await app().request(path, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, body: JSON.parse(text) as J, text }
  }
}
