/**
 * IP addresses and host names: which ones are on the public internet, and which belong to
 * the machine, its network or a provider's metadata service. One helper for every URL check
 * (link destinations, app origins, and later the SSRF-safe fetch and outbound webhooks), on
 * ipaddr.js's range tables (RFC 6890 and friends) rather than hand-written prefixes.
 *
 * ```ts
 * isPublicAddress('::ffff:127.0.0.1') // false: IPv4-mapped loopback
 * isPrivateHost(new URL('http://[64:ff9b::a00:1]/').hostname) // true: NAT64 of 10.0.0.1
 * const trusted = addressMatcher(['10.0.0.0/8', '::1']); trusted('10.1.2.3') // true
 * ```
 */
import ipaddr from 'ipaddr.js'

type Address = ipaddr.IPv4 | ipaddr.IPv6

/** The address without brackets and zone (`[fe80::1%eth0]` → `fe80::1`), parsed, or null. */
function parseAddress(text: string): Address | null {
  let s = text.trim()
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1)
  const zone = s.indexOf('%')
  if (zone !== -1 && s.includes(':')) s = s.slice(0, zone)
  // Only the plain dotted-quad and IPv6 spellings: the URL parser has already turned
  // `0x7f.1`, `2130706433` and friends into dotted quads, and sockets report those.
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s)
  if (s.includes(':') && ipaddr.IPv6.isValid(s)) return ipaddr.IPv6.parse(s)
  return null
}

/** IPv4 addresses carried inside IPv6 ones (mapped, translated, NAT64, 6to4) are judged as IPv4. */
function unwrap(address: Address): Address {
  if (address.kind() === 'ipv4') return address
  const v6 = address as ipaddr.IPv6
  const range = v6.range()
  const parts = v6.parts
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') {
    const last = parts.slice(6)
    return new ipaddr.IPv4([last[0]! >> 8, last[0]! & 255, last[1]! >> 8, last[1]! & 255])
  }
  if (range === '6to4') {
    return new ipaddr.IPv4([parts[1]! >> 8, parts[1]! & 255, parts[2]! >> 8, parts[2]! & 255])
  }
  // The deprecated IPv4-compatible form (::a.b.c.d) is how some stacks still spell IPv4.
  if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7]! > 1)) {
    return new ipaddr.IPv4([parts[6]! >> 8, parts[6]! & 255, parts[7]! >> 8, parts[7]! & 255])
  }
  return v6
}

/**
 * The range an address falls in, after unwrapping embedded IPv4: `unicast` for public ones,
 * otherwise ipaddr.js's names (`loopback`, `private`, `linkLocal`, `uniqueLocal`,
 * `carrierGradeNat`, `unspecified`, `multicast`, `reserved`, `teredo`, …). Null for a non-address.
 */
export function addressRange(text: string): string | null {
  const parsed = parseAddress(text)
  if (!parsed) return null
  const address = unwrap(parsed)
  const range = address.range()
  // Only global unicast space (2000::/3) is routable; the rest of IPv6 is unassigned or special.
  if (
    address.kind() === 'ipv6' &&
    range === 'unicast' &&
    ((address as ipaddr.IPv6).parts[0]! & 0xe000) !== 0x2000
  )
    return 'reserved'
  return range
}

/** Whether `text` is an IP address (any spelling a URL host or a socket gives). */
export function isIpAddress(text: string): boolean {
  return parseAddress(text) !== null
}

/** Whether an address is on the public internet (not loopback, private, link-local, NAT64 of those, …). */
export function isPublicAddress(text: string): boolean {
  return addressRange(text) === 'unicast'
}

/** Names that never leave the machine or the local network. */
const localNames =
  /(^|\.)(localhost|localdomain|local|internal|intranet|lan|home|corp|home\.arpa|in-addr\.arpa|ip6\.arpa|onion|test|invalid)\.?$/i

/**
 * Whether a URL's host names the machine itself, its network or an address that is not public:
 * IP literals by range (IPv4-mapped and NAT64 unwrapped), `localhost` and other local
 * suffixes, and single-label names (resolved by the local network's search domains).
 * A public-looking name can still resolve to a private address: fetches check after DNS.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.trim().toLowerCase().replace(/\.$/, '')
  if (host === '') return true
  if (isIpAddress(host)) return !isPublicAddress(host)
  if (!host.includes('.')) return true
  return localNames.test(host)
}

/** Whether `text` is an IP address or a CIDR (`10.0.0.0/8`, `2001:db8::/32`). */
export function isAddressOrCidr(text: string): boolean {
  const [addr, bits, extra] = text.split('/')
  if (extra !== undefined || !addr || !parseAddress(addr)) return false
  if (bits === undefined) return true
  if (!/^\d{1,3}$/.test(bits)) return false
  return Number(bits) <= (parseAddress(addr)!.kind() === 'ipv4' ? 32 : 128)
}

/**
 * A matcher for a list of addresses and CIDRs; IPv4-mapped IPv6 socket addresses
 * (`::ffff:10.0.0.1`, as Node reports IPv4 peers on dual-stack sockets) match IPv4 entries.
 */
export function addressMatcher(list: readonly string[]): (address: string | undefined) => boolean {
  const ranges = list.map((entry) => {
    const [addr, bits] = entry.split('/')
    const parsed = parseAddress(addr!)
    if (!parsed || !isAddressOrCidr(entry)) throw new Error(`not an address or CIDR: ${entry}`)
    const size = bits === undefined ? (parsed.kind() === 'ipv4' ? 32 : 128) : Number(bits)
    return [parsed, size] as const
  })
  if (ranges.length === 0) return () => false
  return (address) => {
    if (!address) return false
    const parsed = parseAddress(address)
    if (!parsed) return false
    const candidates: Address[] = [parsed]
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
      candidates.push((parsed as ipaddr.IPv6).toIPv4Address())
    return ranges.some(([net, size]) =>
      candidates.some((a) => a.kind() === net.kind() && a.match(net as never, size)),
    )
  }
}
