CREATE TABLE `event_spill` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`event_table` text(64) NOT NULL,
	`events` integer NOT NULL,
	`payload` text NOT NULL,
	`oldest_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_spill_oldest_idx` ON `event_spill` (`oldest_at`);