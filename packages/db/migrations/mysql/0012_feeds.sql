CREATE TABLE `feeds` (
	`id` varchar(36) NOT NULL,
	`shop_id` varchar(36) NOT NULL,
	`name` varchar(200) NOT NULL,
	`url` varchar(2048),
	`format` varchar(8),
	`mapping` varchar(16),
	`record_path` varchar(200),
	`schedule` varchar(64),
	`timezone` varchar(64) NOT NULL DEFAULT 'UTC',
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`etag` varchar(256),
	`last_modified` varchar(64),
	`last_run_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `feeds_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `feed_runs` ADD `feed_id` varchar(36);--> statement-breakpoint
CREATE INDEX `feeds_shop_idx` ON `feeds` (`shop_id`);--> statement-breakpoint
CREATE INDEX `feed_runs_feed_started_idx` ON `feed_runs` (`feed_id`,`started_at`);