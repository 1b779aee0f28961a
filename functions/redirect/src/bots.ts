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
