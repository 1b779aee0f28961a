/** The values the mail tables' enum columns take (not tables: the schema index does not export them). */
export const suppressionReasons = ['bounced', 'complained', 'unsubscribed', 'manual'] as const
export const mailEventKinds = [
  'delivered',
  'failed',
  'complained',
  'unsubscribed',
  'opened',
  'clicked',
  'accepted',
  'skipped',
] as const
export const subscriptionStatuses = ['pending', 'confirmed', 'unsubscribed'] as const
export const newsletterFrequencies = ['weekly', 'monthly'] as const
export const sendStatuses = ['queued', 'sending', 'sent', 'failed'] as const
/** `queued`: an alert's change kept for its address's daily digest. */
export const deliveryStatuses = ['pending', 'queued', 'sent', 'skipped', 'failed'] as const
export const alertKinds = ['price_drop', 'target_price', 'back_in_stock'] as const
export const alertStatuses = ['pending', 'active', 'unsubscribed'] as const
/** `instant`: mailed within a minute of the feed run; `daily`: in the morning's digest. */
export const alertFrequencies = ['instant', 'daily'] as const
