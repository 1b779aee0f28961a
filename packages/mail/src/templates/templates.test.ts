import { describe, expect, it } from 'vitest'
import { checkMessage } from '../message.ts'
import { composeMail, doubleOptInMail, locales, loginCodeMail, renderMail } from './index.ts'

describe('login-code mail', () => {
  it.each(locales)('renders %s text and HTML with the code in the body, not the subject', (locale) => {
    const mail = renderMail(loginCodeMail, { code: '482913', minutes: 10 }, { locale })
    expect(mail.subject).not.toContain('482913')
    expect(mail.text).toContain('    482913\n')
    expect(mail.text).toContain('10')
    expect(mail.html).toContain(`<html lang="${locale}">`)
    expect(mail.html).toContain('>482913</p>')
    expect(mail.tags).toEqual(['login-code'])
    expect(mail.headers).toEqual({})
  })

  it('speaks German and English', () => {
    const de = renderMail(loginCodeMail, { code: 'AB12', minutes: 15 }, { locale: 'de' })
    const en = renderMail(loginCodeMail, { code: 'AB12', minutes: 15 }, { locale: 'en' })
    expect(de.subject).toBe('Dein Anmeldecode für Glam')
    expect(de.text).toContain('Er ist 15 Minuten gültig')
    expect(en.subject).toBe('Your Glam login code')
    expect(en.text).toContain('It is valid for 15 minutes')
  })

  it('refuses codes that are not plain letters and digits', () => {
    expect(() => renderMail(loginCodeMail, { code: '<b>1</b>', minutes: 10 }, { locale: 'en' })).toThrow(
      TypeError,
    )
    expect(() => renderMail(loginCodeMail, { code: '1234', minutes: 0 }, { locale: 'en' })).toThrow(TypeError)
  })
})

describe('double-opt-in mail', () => {
  const params = {
    confirmUrl: 'https://glam.example/confirm?t=abc&list=7',
    listName: 'Drops von <script>alert(1)</script> & Co.',
    name: 'Lena "Lee"\r\nBcc: x@example.com',
    days: 3,
  }

  it.each(locales)('escapes names and titles in the %s HTML part', (locale) => {
    const mail = renderMail(doubleOptInMail, params, { locale })
    expect(mail.html).not.toContain('<script>')
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co.')
    expect(mail.html).toContain('Lena &quot;Lee&quot; Bcc: x@example.com')
    expect(mail.html).toContain('href="https://glam.example/confirm?t=abc&amp;list=7"')
  })

  it('folds user-given names to one line in subject and text', () => {
    const mail = renderMail(doubleOptInMail, params, { locale: 'de' })
    expect(mail.subject).toBe('Bitte bestätige deine Anmeldung: Drops von <script>alert(1)</script> & Co.')
    expect(mail.text).toContain('Hallo Lena "Lee" Bcc: x@example.com,\n')
    expect(mail.text).toContain('Anmeldung bestätigen: https://glam.example/confirm?t=abc&list=7')
    expect(mail.text).toContain('3 Tage gültig')
    // Whatever the user typed, the rendered message passes the mailer's checks.
    expect(() => checkMessage({ to: 'lena@example.com', ...mail })).not.toThrow()
  })

  it('refuses links that are not http(s)', () => {
    for (const confirmUrl of [
      'javascript:alert(1)',
      'data:text/html,x',
      '/relative',
      'https://u:p@glam.example/',
    ]) {
      expect(() => renderMail(doubleOptInMail, { ...params, confirmUrl }, { locale: 'en' })).toThrow(
        TypeError,
      )
    }
  })
})

describe('List-Unsubscribe', () => {
  it('adds the headers (one-click for https) and a footer link in both parts', () => {
    const mail = composeMail(
      doubleOptInMail,
      { confirmUrl: 'https://glam.example/c/1', listName: 'News', days: 1 },
      {
        to: 'lena@example.com',
        locale: 'en',
        unsubscribe: { url: 'https://glam.example/u/xyz', mailto: 'unsubscribe@glam.example' },
        tags: ['shop-7'],
      },
    )
    expect(mail.to).toBe('lena@example.com')
    expect(mail.tags).toEqual(['double-opt-in', 'shop-7'])
    expect(mail.headers).toEqual({
      'List-Unsubscribe':
        '<https://glam.example/u/xyz>, <mailto:unsubscribe@glam.example?subject=unsubscribe>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    })
    expect(mail.text).toContain('Unsubscribe: https://glam.example/u/xyz')
    expect(mail.html).toContain('<a href="https://glam.example/u/xyz" style="color:#777">Unsubscribe</a>')
    expect(() => checkMessage(mail)).not.toThrow()
  })

  it('has no one-click header for a mailto-only unsubscribe, and refuses bad targets', () => {
    const only = renderMail(
      loginCodeMail,
      { code: '1234', minutes: 5 },
      {
        locale: 'de',
        unsubscribe: { mailto: 'unsubscribe@glam.example' },
      },
    )
    expect(only.headers).toEqual({
      'List-Unsubscribe': '<mailto:unsubscribe@glam.example?subject=unsubscribe>',
    })
    for (const unsubscribe of [{}, { url: 'javascript:x' }, { mailto: 'a@b.c>, <https://evil' }]) {
      expect(() =>
        renderMail(loginCodeMail, { code: '1234', minutes: 5 }, { locale: 'de', unsubscribe }),
      ).toThrow(TypeError)
    }
  })
})
