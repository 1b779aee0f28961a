import { describe, expect, it } from 'vitest'
import { type ClientAddressSource, clientAddress, plainAddress, socketAddress } from './client-address.ts'

const headers = (h: Record<string, string>) => (name: string) => h[name]
const from = (
  peer: string | undefined,
  h: Record<string, string> = {},
  trustedProxies: string[] = [],
  runtime: ClientAddressSource['runtime'] = 'node',
) => clientAddress({ runtime, peer, header: headers(h), trustedProxies })

const forged = {
  'x-forwarded-for': '1.2.3.4',
  'x-real-ip': '5.6.7.8',
  'cf-connecting-ip': '9.9.9.9',
}

describe('the client address', () => {
  it('is the socket address when the peer is no trusted proxy, whatever the headers say', () => {
    expect(from('203.0.113.7', forged)).toBe('203.0.113.7')
    expect(from('203.0.113.7', forged, ['10.0.0.0/8'])).toBe('203.0.113.7')
    expect(from('::ffff:203.0.113.7', forged)).toBe('203.0.113.7')
    expect(from('2001:db8::7', forged, ['127.0.0.1'])).toBe('2001:db8::7')
    expect(from(undefined, forged)).toBeUndefined()
  })

  it('behind trusted proxies walks X-Forwarded-For from the right to the first untrusted hop', () => {
    const trusted = ['10.0.0.0/8', '::1']
    const xff = (value: string) => ({ 'x-forwarded-for': value })
    expect(from('10.0.0.2', xff('198.51.100.7'), trusted)).toBe('198.51.100.7')
    // A client-written first hop is skipped: the proxies appended the real one.
    expect(from('10.0.0.2', xff('1.2.3.4, 198.51.100.7, 10.0.0.5'), trusted)).toBe('198.51.100.7')
    expect(from('::ffff:10.0.0.2', xff('1.2.3.4,198.51.100.7'), trusted)).toBe('198.51.100.7')
    expect(from('::1', xff('[2001:db8::9]:443, 10.1.1.1'), trusted)).toBe('2001:db8::9')
    expect(from('10.0.0.2', xff('198.51.100.7:5678'), trusted)).toBe('198.51.100.7')
    // Every hop trusted: the leftmost (a request from inside).
    expect(from('10.0.0.2', xff('10.9.9.9, 10.0.0.5'), trusted)).toBe('10.9.9.9')
    // Garbage ends the walk at the last address a trusted proxy vouched for.
    expect(from('10.0.0.2', xff('1.2.3.4, unknown, 10.0.0.5'), trusted)).toBe('10.0.0.5')
    expect(from('10.0.0.2', xff('not-an-ip'), trusted)).toBe('10.0.0.2')
  })

  it('behind trusted proxies without X-Forwarded-For takes X-Real-IP, then CF-Connecting-IP', () => {
    expect(from('127.0.0.1', { 'x-real-ip': '5.6.7.8', 'cf-connecting-ip': '9.9.9.9' }, ['127.0.0.1'])).toBe(
      '5.6.7.8',
    )
    expect(from('127.0.0.1', { 'cf-connecting-ip': '9.9.9.9' }, ['127.0.0.1'])).toBe('9.9.9.9')
    expect(from('127.0.0.1', { 'x-real-ip': 'garbage' }, ['127.0.0.1'])).toBe('127.0.0.1')
    expect(from('127.0.0.1', {}, ['127.0.0.1'])).toBe('127.0.0.1')
  })

  it("on workerd is Cloudflare's CF-Connecting-IP (clients cannot set it there)", () => {
    expect(from(undefined, forged, [], 'workerd')).toBe('9.9.9.9')
    expect(from(undefined, { 'x-forwarded-for': '1.2.3.4' }, [], 'workerd')).toBeUndefined()
  })

  it('spells addresses plainly and refuses what is not one', () => {
    expect(plainAddress(' 203.0.113.7 ')).toBe('203.0.113.7')
    expect(plainAddress('[2001:DB8::1]')).toBe('2001:db8::1')
    expect(plainAddress('::ffff:10.0.0.1')).toBe('10.0.0.1')
    for (const bad of ['', 'unknown', '1.2.3', '300.1.1.1', 'evil.example', `1.1.1.1${' '.repeat(70)}x`])
      expect(plainAddress(bad)).toBeNull()
  })

  it("reads the socket peer from Node's and Deno's Hono env", () => {
    expect(socketAddress({ incoming: { socket: { remoteAddress: '::1' } } })).toBe('::1')
    expect(socketAddress({ remoteAddr: { hostname: '127.0.0.1', port: 1, transport: 'tcp' } })).toBe(
      '127.0.0.1',
    )
    expect(socketAddress(undefined)).toBeUndefined()
    expect(socketAddress({ DB: {} })).toBeUndefined()
  })
})
