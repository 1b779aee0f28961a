CREATE TABLE `product_images` (
	`url_hash` text(64) PRIMARY KEY NOT NULL,
	`url` text(2048) NOT NULL,
	`asset_id` text(36),
	`status` text(16) NOT NULL,
	`error` text(64),
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `product_images_retry_idx` ON `product_images` (`status`,`next_attempt_at`);