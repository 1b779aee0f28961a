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
export const deliveryStatuses = ['pending', 'sent', 'skipped', 'failed'] as const
export const alertKinds = ['price_drop', 'target_price', 'back_in_stock'] as const
export const alertStatuses = ['pending', 'active', 'unsubscribed'] as const
