CREATE TABLE `leases` (
	`name` text(191) PRIMARY KEY NOT NULL,
	`holder` text(64) NOT NULL,
	`expires_at` integer NOT NULL,
	`acquired_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `leases_expires_idx` ON `leases` (`expires_at`);