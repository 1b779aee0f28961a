CREATE TABLE `event_rejects` (
	`id` varchar(36) NOT NULL,
	`event_table` varchar(64) NOT NULL,
	`event_id` varchar(128) NOT NULL,
	`error` varchar(500) NOT NULL,
	`payload` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `event_rejects_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `event_rejects_created_idx` ON `event_rejects` (`created_at`);