CREATE TABLE `story_insights` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`asset_id` text(36) NOT NULL,
	`influencer_id` text(36),
	`campaign_id` text(36),
	`link_id` text(36),
	`created_by_type` text(16) NOT NULL,
	`created_by` text(36) NOT NULL,
	`locale` text(2) NOT NULL,
	`shown_at` text(16),
	`metrics` text NOT NULL,
	`raw_text` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `story_insights_influencer_idx` ON `story_insights` (`influencer_id`,`id`);--> statement-breakpoint
CREATE INDEX `story_insights_campaign_idx` ON `story_insights` (`campaign_id`);--> statement-breakpoint
CREATE INDEX `story_insights_asset_idx` ON `story_insights` (`asset_id`);