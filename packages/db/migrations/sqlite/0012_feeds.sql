CREATE TABLE `feeds` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`shop_id` text(36) NOT NULL,
	`name` text(200) NOT NULL,
	`url` text(2048),
	`format` text(8),
	`mapping` text(16),
	`record_path` text(200),
	`schedule` text(64),
	`timezone` text(64) DEFAULT 'UTC' NOT NULL,
	`status` text(16) DEFAULT 'active' NOT NULL,
	`etag` text(256),
	`last_modified` text(64),
	`last_run_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `feeds_shop_idx` ON `feeds` (`shop_id`);--> statement-breakpoint
ALTER TABLE `feed_runs` ADD `feed_id` text(36);--> statement-breakpoint
CREATE INDEX `feed_runs_feed_started_idx` ON `feed_runs` (`feed_id`,`started_at`);