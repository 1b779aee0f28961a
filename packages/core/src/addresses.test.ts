import { describe, expect, it } from 'vitest'
import { addressMatcher, addressRange, isAddressOrCidr, isPrivateHost, isPublicAddress } from './addresses.ts'

// Every spelling an outside probe used, and more: as URL hosts, after the WHATWG parser.
const privateUrls = [
  'http://127.0.0.1/',
  'http://127.1/',
  'http://0x7f.1/',
  'http://0177.0.0.1/',
  'http://2130706433/',
  'http://0/',
  'http://0.0.0.0/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://169.254.169.254/',
  'http://100.64.0.1/',
  'http://100.127.255.254/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://192.0.2.1/',
  'http://198.18.0.1/',
  'http://240.0.0.1/',
  'http://[::1]/',
  'http://[::]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[::ffff:10.0.0.1]/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:0:7f00:1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[64:ff9b:1::a00:1]/',
  'http://[2002:7f00:1::]/',
  'http://[2002:a00:1::]/',
  'http://[::127.0.0.1]/',
  'http://[fd00::1]/',
  'http://[fc00::1]/',
  'http://[fe80::1]/',
  'http://[fec0::1]/',
  'http://[ff02::1]/',
  'http://[2001:db8::1]/',
  'http://[100::1]/',
  'http://localhost/',
  'http://LOCALHOST./',
  'http://foo.localhost/',
  'http://printer.local/',
  'http://metadata.google.internal/',
  'http://router.home.arpa/',
  'http://intranet/',
]

const publicUrls = [
  'https://example.com/',
  'https://shop.example.de/',
  'http://8.8.8.8/',
  'http://1.1.1.1/',
  'http://172.32.0.1/',
  'http://100.128.0.1/',
  'http://[2606:4700:4700::1111]/',
  'http://[2a00:1450:4001:80b::200e]/',
  'http://[::ffff:8.8.8.8]/',
  'http://[64:ff9b::808:808]/',
  'https://xn--80aa0cbo65f.com/',
]

describe('private and public hosts', () => {
  it.each(privateUrls)('%s is private', (url) => {
    expect(isPrivateHost(new URL(url).hostname)).toBe(true)
  })
  it.each(publicUrls)('%s is public', (url) => {
    expect(isPrivateHost(new URL(url).hostname)).toBe(false)
  })

  it('names the range, IPv4 inside IPv6 unwrapped', () => {
    expect(addressRange('::ffff:7f00:1')).toBe('loopback')
    expect(addressRange('64:ff9b::a00:1')).toBe('private')
    expect(addressRange('100.64.0.1')).toBe('carrierGradeNat')
    expect(addressRange('::')).toBe('unspecified')
    expect(addressRange('fd12::1')).toBe('uniqueLocal')
    expect(addressRange('fe80::1%eth0')).toBe('linkLocal')
    expect(addressRange('[::1]')).toBe('loopback')
    expect(addressRange('example.com')).toBeNull()
    expect(isPublicAddress('8.8.8.8')).toBe(true)
    expect(isPublicAddress('3fff::1')).toBe(false)
  })
})

describe('address lists', () => {
  it('validates addresses and CIDRs', () => {
    for (const ok of ['10.0.0.0/8', '::1', '2001:db8::/32', '127.0.0.1', '0.0.0.0/0', '::/0'])
      expect(isAddressOrCidr(ok), ok).toBe(true)
    for (const bad of ['10.0.0.0/33', '::/129', 'example.com', '10.0.0.0/8/1', '10.0.0', '', '10.0.0.0/x'])
      expect(isAddressOrCidr(bad), bad).toBe(false)
  })

  it('matches addresses against CIDRs, IPv4-mapped peers included', () => {
    const trusted = addressMatcher(['10.0.0.0/8', '::1', '192.168.1.7'])
    expect(trusted('10.2.3.4')).toBe(true)
    expect(trusted('::ffff:10.2.3.4')).toBe(true)
    expect(trusted('::1')).toBe(true)
    expect(trusted('192.168.1.7')).toBe(true)
    expect(trusted('192.168.1.8')).toBe(false)
    expect(trusted('11.0.0.1')).toBe(false)
    expect(trusted(undefined)).toBe(false)
    expect(trusted('garbage')).toBe(false)
    expect(addressMatcher([])('10.0.0.1')).toBe(false)
  })
})
