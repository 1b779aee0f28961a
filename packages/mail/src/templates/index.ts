export { type AlertDigestParams, type AlertParams, alertDigestMail, alertMail } from './alerts.ts'
export { type DoubleOptInParams, doubleOptInMail } from './double-opt-in.ts'
export { type LoginCodeParams, loginCodeMail } from './login-code.ts'
export { type NewsletterParams, newsletterMail } from './newsletter.ts'
export {
  composeMail,
  defineTemplate,
  type Locale,
  listUnsubscribeHeaders,
  locales,
  type MailContent,
  type MailTemplate,
  oneLine,
  type RenderedMail,
  type RenderOptions,
  renderMail,
  type Unsubscribe,
  webUrl,
} from './render.ts'
export { type WelcomeParams, welcomeMail } from './welcome.ts'
