CREATE TABLE `event_spill` (
	`id` varchar(36) NOT NULL,
	`event_table` varchar(64) NOT NULL,
	`events` int NOT NULL,
	`payload` json NOT NULL,
	`oldest_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `event_spill_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `event_spill_oldest_idx` ON `event_spill` (`oldest_at`);