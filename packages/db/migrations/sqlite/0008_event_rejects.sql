CREATE TABLE IF NOT EXISTS `event_rejects` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`event_table` text(64) NOT NULL,
	`event_id` text(128) NOT NULL,
	`error` text(500) NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `event_rejects_created_idx` ON `event_rejects` (`created_at`);