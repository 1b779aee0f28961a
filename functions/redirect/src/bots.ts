import { isbot } from 'isbot'

/** Link-preview fetchers that isbot's list may not call bots, but that never are shoppers. */
const previewFetchers =
  /WhatsApp|Slackbot|Slack-ImgProxy|facebookexternalhit|Facebot|Twitterbot|X-Preview|Mastodon|Pleroma|Discordbot|TelegramBot|LinkedInBot|SkypeUriPreview|redditbot|Embedly|Iframely|vkShare|Pinterestbot|Applebot/i

export function botReason(userAgent: string): '' | 'preview' | 'bot' {
  if (!userAgent) return 'bot'
  if (previewFetchers.test(userAgent)) return 'preview'
  return isbot(userAgent) ? 'bot' : ''
}

/** Instagram's, TikTok's and Facebook's in-app browsers: shoppers, but trapped in an app. */
export function inAppBrowser(userAgent: string): '' | 'instagram' | 'tiktok' | 'facebook' {
  if (/Instagram/i.test(userAgent)) return 'instagram'
  if (/musical_ly|BytedanceWebview|TikTok/i.test(userAgent)) return 'tiktok'
  if (/FBAN|FBAV|FB_IAB/i.test(userAgent)) return 'facebook'
  return ''
}

export interface AgentTraits {
  bot: '' | 'preview' | 'bot'
  inApp: '' | 'instagram' | 'tiktok' | 'facebook'
  os: 'ios' | 'android' | 'other'
}

// Shoppers arrive with few distinct user agents, and the bot list is one large regular
// expression: the traits of recent user agents are kept (bounded), not recomputed per click.
const traitsCache = new Map<string, AgentTraits>()

export function agentTraits(userAgent: string, osOf: (ua: string) => AgentTraits['os']): AgentTraits {
  let traits = traitsCache.get(userAgent)
  if (!traits) {
    traits = { bot: botReason(userAgent), inApp: inAppBrowser(userAgent), os: osOf(userAgent) }
    if (traitsCache.size >= 5_000) traitsCache.clear()
    traitsCache.set(userAgent, traits)
  }
  return traits
}
