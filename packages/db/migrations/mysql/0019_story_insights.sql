CREATE TABLE `story_insights` (
	`id` varchar(36) NOT NULL,
	`asset_id` varchar(36) NOT NULL,
	`influencer_id` varchar(36),
	`campaign_id` varchar(36),
	`link_id` varchar(36),
	`created_by_type` varchar(16) NOT NULL,
	`created_by` varchar(36) NOT NULL,
	`locale` varchar(2) NOT NULL,
	`shown_at` varchar(16),
	`metrics` json NOT NULL,
	`raw_text` text NOT NULL,
	`duration_ms` int NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `story_insights_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `story_insights_influencer_idx` ON `story_insights` (`influencer_id`,`id`);--> statement-breakpoint
CREATE INDEX `story_insights_campaign_idx` ON `story_insights` (`campaign_id`);--> statement-breakpoint
CREATE INDEX `story_insights_asset_idx` ON `story_insights` (`asset_id`);