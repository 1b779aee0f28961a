/**
 * The client's address, for per-IP rate limits and visitor hashes. Forwarding headers are
 * claims anyone can make: `X-Forwarded-For`, `X-Real-IP` and `CF-Connecting-IP` are believed
 * only when the socket peer is a proxy listed in `GLAM_TRUSTED_PROXIES`. On workerd the
 * platform's own `CF-Connecting-IP` names the client (Cloudflare sets it; clients cannot).
 * Everywhere else the socket address counts.
 *
 * ```ts
 * clientAddress({ runtime: 'node', peer: '10.0.0.2', header, trustedProxies: ['10.0.0.0/8'] })
 * // X-Forwarded-For: 203.0.113.9, 198.51.100.7, 10.0.0.5 → '198.51.100.7' (first untrusted from the right)
 * clientAddress({ runtime: 'node', peer: '198.51.100.7', header, trustedProxies: [] }) // '198.51.100.7'
 * ```
 */
import { addressMatcher, isIpAddress } from './addresses.ts'
import type { Runtime } from './platform.ts'

export interface ClientAddressSource {
  /** The runtime answering: on workerd, Cloudflare's `CF-Connecting-IP` names the client. */
  runtime: Runtime
  /** The socket peer (Node's `socket.remoteAddress`, Deno's `info.remoteAddr.hostname`), if known. */
  peer: string | undefined
  /** A request header by lower-case name (several values of one header joined with `, `). */
  header(name: string): string | undefined
  /** `config.trustedProxies`: addresses and CIDRs whose forwarding headers are believed. */
  trustedProxies: readonly string[]
}

/** Matchers per list (the configuration's array lives as long as the process or isolate). */
const matchers = new WeakMap<readonly string[], (address: string | undefined) => boolean>()
const never = () => false

function trustedMatcher(list: readonly string[]) {
  if (list.length === 0) return never
  let matcher = matchers.get(list)
  if (!matcher) {
    matcher = addressMatcher(list)
    matchers.set(list, matcher)
  }
  return matcher
}

/**
 * One address as headers and sockets spell it, plain: brackets and a port dropped
 * (`[2001:db8::1]:443`, `203.0.113.9:5678`), IPv4-mapped IPv6 as IPv4 (`::ffff:10.0.0.1`, as
 * Node reports IPv4 peers on dual-stack sockets). Null when it is not an IP address.
 */
export function plainAddress(text: string | undefined): string | null {
  if (!text) return null
  let s = text.trim()
  if (s.length === 0 || s.length > 64) return null
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s)
  if (bracketed) s = bracketed[1]!
  else if (/^[\d.]+:\d{1,5}$/.test(s)) s = s.slice(0, s.indexOf(':'))
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(s)
  if (mapped) s = mapped[1]!
  if (!isIpAddress(s)) return null
  return s.toLowerCase()
}

/**
 * The client's address, or undefined when nothing names it (no socket, as in `app.request()`
 * tests). Behind trusted proxies, `X-Forwarded-For` is walked from the right past every trusted
 * hop and the first untrusted one is the client (when every hop is trusted, the leftmost);
 * without that header, the proxy's `X-Real-IP`, then `CF-Connecting-IP`. A malformed entry ends
 * the walk at the last address a trusted proxy vouched for.
 */
export function clientAddress(source: ClientAddressSource): string | undefined {
  if (source.runtime === 'workerd') {
    return plainAddress(source.header('cf-connecting-ip')) ?? plainAddress(source.peer) ?? undefined
  }
  // Sockets report valid addresses: only IPv4-mapped ones are unwrapped (no parse per click).
  const peer =
    source.peer?.startsWith('::ffff:') && source.peer.includes('.') ? source.peer.slice(7) : source.peer
  if (!peer) return undefined
  const trusted = trustedMatcher(source.trustedProxies)
  if (!trusted(peer)) return peer
  const forwarded = source.header('x-forwarded-for')
  if (forwarded) {
    const hops = forwarded.split(',')
    let client = peer
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = plainAddress(hops[i])
      if (!hop) break
      client = hop
      if (!trusted(hop)) break
    }
    return client
  }
  return plainAddress(source.header('x-real-ip')) ?? plainAddress(source.header('cf-connecting-ip')) ?? peer
}

/**
 * The socket peer from a Hono context's `env`: Node's `incoming.socket.remoteAddress`
 * (@hono/node-server), Deno's `remoteAddr.hostname` (the `info` Deno.serve hands the handler,
 * passed on as env by the Deno entry). Undefined elsewhere (workerd, `app.request()`).
 */
export function socketAddress(env: unknown): string | undefined {
  if (!env || typeof env !== 'object') return undefined
  const node = (env as { incoming?: { socket?: { remoteAddress?: unknown } } }).incoming?.socket
    ?.remoteAddress
  if (typeof node === 'string') return node
  const deno = (env as { remoteAddr?: { hostname?: unknown } }).remoteAddr?.hostname
  return typeof deno === 'string' ? deno : undefined
}
