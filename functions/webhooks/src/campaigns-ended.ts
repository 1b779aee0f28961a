/**
 * `webhook-campaigns-ended` (every minute): raises `campaign.ended` for campaigns whose `ends_at`
 * passed, or whose status became `ended`, within the last week. The event id is derived from the
 * campaign, and (endpoint, event) is unique, so each endpoint gets it once however often the job
 * runs; endpoints registered after the campaign ended do not.
 */
import { enqueueWebhookEvent } from '@glam/commerce/webhook-events'
import { defineJob, type JobContext } from '@glam/core'
import { webhookEventId } from '@glam/db/repositories/webhooks'

/** How far back an end is still announced (a job that was down for days catches up). */
export const endedLookbackMs = 7 * 24 * 60 * 60 * 1000

export async function raiseEndedCampaigns(ctx: Pick<JobContext, 'platform' | 'signal'>) {
  const { platform } = ctx
  const until = platform.clock.now()
  const ended = await platform.repos.webhooks.endedCampaigns({
    since: new Date(until.getTime() - endedLookbackMs),
    until,
  })
  let queued = 0
  for (const { campaign, endedAt } of ended) {
    if (ctx.signal.aborted) break
    queued += await enqueueWebhookEvent(platform, {
      customerId: campaign.customerId,
      type: 'campaign.ended',
      eventId: await webhookEventId('campaign.ended', campaign.id),
      occurredAt: endedAt,
      data: {
        id: campaign.id,
        name: campaign.name,
        status: campaign.status,
        startsAt: campaign.startsAt?.toISOString() ?? null,
        endsAt: campaign.endsAt?.toISOString() ?? null,
        endedAt: endedAt.toISOString(),
      },
    })
  }
  return { campaigns: ended.length, queued }
}

export const campaignsEndedJob = defineJob({
  name: 'webhook-campaigns-ended',
  description:
    'Raises campaign.ended (once per campaign and endpoint) for campaigns that ended in the last week.',
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 55_000,
  edge: false,
  run: (ctx) => raiseEndedCampaigns(ctx),
})
