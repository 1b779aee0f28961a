/**
 * The login and account pages: server-rendered Hono JSX, plain forms that work with JavaScript
 * off, German and English (`?lang=de|en`, else the browser's Accept-Language), labelled
 * inputs, error messages tied to their field (`aria-describedby`), one heading per page.
 */
import { pageLayout } from '@glam/core'
import type { Locale } from '@glam/mail'
import type { Child } from 'hono/jsx'

const copy = {
  en: {
    title: 'Log in to Glam',
    intro: (app: string) =>
      `Log in to ${app} with your e-mail address. We send you a one-time code; no password.`,
    email: 'E-mail address',
    sendCode: 'Send me a code',
    codeTitle: 'Enter your code',
    codeSent: (email: string) =>
      `If ${email} may log in here, a 6-digit code is on its way. It is valid for 10 minutes.`,
    code: 'Code from the e-mail',
    logIn: 'Log in',
    otherEmail: 'Use another address',
    account: 'Your account',
    signedInAs: 'Signed in as',
    openDashboard: 'Open the dashboard',
    sessions: 'Your sessions',
    device: 'Device',
    lastSeen: 'Last used',
    expires: 'Expires',
    current: 'this browser',
    revoke: 'Sign out there',
    logout: 'Log out',
    logoutAll: 'Log out everywhere',
    grants: 'Access',
    none: 'none yet',
    language: 'Deutsch',
  },
  de: {
    title: 'Bei Glam anmelden',
    intro: (app: string) =>
      `Melde dich mit deiner E-Mail-Adresse bei ${app} an. Wir schicken dir einen Einmalcode, kein Passwort.`,
    email: 'E-Mail-Adresse',
    sendCode: 'Code senden',
    codeTitle: 'Code eingeben',
    codeSent: (email: string) =>
      `Wenn ${email} sich hier anmelden darf, ist ein 6-stelliger Code unterwegs. Er ist 10 Minuten gültig.`,
    code: 'Code aus der E-Mail',
    logIn: 'Anmelden',
    otherEmail: 'Andere Adresse verwenden',
    account: 'Dein Konto',
    signedInAs: 'Angemeldet als',
    openDashboard: 'Zum Dashboard',
    sessions: 'Deine Sitzungen',
    device: 'Gerät',
    lastSeen: 'Zuletzt genutzt',
    expires: 'Läuft ab',
    current: 'dieser Browser',
    revoke: 'Dort abmelden',
    logout: 'Abmelden',
    logoutAll: 'Überall abmelden',
    grants: 'Zugriff',
    none: 'noch keiner',
    language: 'English',
  },
} as const

const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;border:1px solid #888;border-radius:4px}
input:focus,button:focus,a:focus{outline:3px solid #d6336c;outline-offset:2px}button{font:inherit;margin-top:1rem;padding:.5rem 1rem;border:0;border-radius:4px;background:#d6336c;color:#fff;cursor:pointer}
button.secondary{background:#555}.error{color:#b3261e;font-weight:600}table{border-collapse:collapse;width:100%}td,th{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left;font-size:.9rem}
form.inline{display:inline}.visually-hidden{position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;overflow:hidden}code.code{font-size:1.5rem;letter-spacing:.2em}`

const layout = pageLayout({ robots: 'noindex', style })

function Layout(props: { locale: Locale; title: string; children: Child; switchTo?: string }) {
  return layout({
    lang: props.locale,
    title: props.title,
    body: (
      <main>
        {props.children}
        {props.switchTo && (
          <p>
            <a href={props.switchTo} hreflang={props.locale === 'de' ? 'en' : 'de'}>
              {copy[props.locale].language}
            </a>
          </p>
        )}
      </main>
    ),
  })
}

export interface LoginPageProps {
  locale: Locale
  step: 'email' | 'code'
  app: { id: string; name: string }
  returnTo: string
  email?: string
  error?: { field: 'email' | 'code' | 'form'; message: string }
  switchTo?: string
}

function Hidden(props: { app: string; returnTo: string; locale: Locale }) {
  return (
    <>
      <input type="hidden" name="app" value={props.app} />
      <input type="hidden" name="returnTo" value={props.returnTo} />
      <input type="hidden" name="locale" value={props.locale} />
    </>
  )
}

export function LoginPage(props: LoginPageProps) {
  const t = copy[props.locale]
  const err = props.error
  const errorId = 'login-error'
  return (
    <Layout locale={props.locale} title={t.title} {...(props.switchTo && { switchTo: props.switchTo })}>
      <h1>{props.step === 'email' ? t.title : t.codeTitle}</h1>
      {err && (
        <p class="error" id={errorId} role="alert">
          {err.message}
        </p>
      )}
      {props.step === 'email' ? (
        <form method="post" action="/auth/start" id="start-form">
          <p>{t.intro(props.app.name)}</p>
          <Hidden app={props.app.id} returnTo={props.returnTo} locale={props.locale} />
          <label for="email">{t.email}</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            maxlength={320}
            value={props.email ?? ''}
            autofocus
            {...(err && { 'aria-describedby': errorId, 'aria-invalid': 'true' })}
          />
          <button type="submit">{t.sendCode}</button>
        </form>
      ) : (
        <>
          <p id="code-sent">{t.codeSent(props.email ?? '')}</p>
          <form method="post" action="/auth/verify" id="verify-form">
            <Hidden app={props.app.id} returnTo={props.returnTo} locale={props.locale} />
            <input type="hidden" name="email" value={props.email ?? ''} />
            <label for="code">{t.code}</label>
            <input
              id="code"
              name="code"
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9 \-]{6,12}"
              required
              maxlength={12}
              autofocus
              {...(err && { 'aria-describedby': errorId, 'aria-invalid': 'true' })}
            />
            <button type="submit">{t.logIn}</button>
          </form>
          <p>
            <a
              href={`/auth/login?app=${encodeURIComponent(props.app.id)}&returnTo=${encodeURIComponent(props.returnTo)}&lang=${props.locale}`}
            >
              {t.otherEmail}
            </a>
          </p>
        </>
      )}
    </Layout>
  )
}

export interface AccountPageProps {
  locale: Locale
  email: string
  currentSessionId: string
  sessions: { id: string; app: string; userAgent: string | null; lastSeenAt: Date; expiresAt: Date }[]
  grants: { app: string; role: string; scopeType: string; scopeId: string }[]
}

const when = (d: Date, locale: Locale) =>
  `${d.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: 'UTC',
    dateStyle: 'medium',
    timeStyle: 'short',
  })} UTC`

export function AccountPage(props: AccountPageProps) {
  const t = copy[props.locale]
  return (
    <Layout locale={props.locale} title={t.account}>
      <h1>{t.account}</h1>
      <p>
        {t.signedInAs} <strong id="account-email">{props.email}</strong>
      </p>
      {props.grants.some((g) => g.app === 'dashboard') && (
        <p>
          <a id="open-dashboard" href="/app/">
            {t.openDashboard}
          </a>
        </p>
      )}
      <h2>{t.grants}</h2>
      <ul id="grants">
        {props.grants.length === 0 && <li>{t.none}</li>}
        {props.grants.map((g) => (
          <li>
            {g.app}: {g.role}
            {g.scopeType && ` (${g.scopeType} ${g.scopeId})`}
          </li>
        ))}
      </ul>
      <h2>{t.sessions}</h2>
      <table id="sessions">
        <thead>
          <tr>
            <th scope="col">{t.device}</th>
            <th scope="col">{t.lastSeen}</th>
            <th scope="col">{t.expires}</th>
            <th scope="col">
              <span class="visually-hidden">{t.revoke}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.sessions.map((s) => (
            <tr data-session={s.id} data-current={s.id === props.currentSessionId ? 'true' : 'false'}>
              <td>
                {(s.userAgent ?? '?').slice(0, 80)}
                {s.id === props.currentSessionId && <strong> ({t.current})</strong>}
              </td>
              <td>{when(s.lastSeenAt, props.locale)}</td>
              <td>{when(s.expiresAt, props.locale)}</td>
              <td>
                {s.id !== props.currentSessionId && (
                  <form method="post" action={`/auth/sessions/${s.id}/revoke`} class="inline">
                    <button type="submit" class="secondary">
                      {t.revoke}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/auth/logout" class="inline" id="logout-form">
        <button type="submit">{t.logout}</button>
      </form>{' '}
      <form method="post" action="/auth/logout-all" class="inline" id="logout-all-form">
        <button type="submit" class="secondary">
          {t.logoutAll}
        </button>
      </form>
    </Layout>
  )
}
