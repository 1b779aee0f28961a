CREATE TABLE `coupons` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`code` text(64) NOT NULL,
	`customer_id` text(36) NOT NULL,
	`campaign_id` text(36) NOT NULL,
	`influencer_id` text(36) NOT NULL,
	`link_id` text(36),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_customer_code_uq` ON `coupons` (`customer_id`,`code`);--> statement-breakpoint
CREATE INDEX `coupons_campaign_idx` ON `coupons` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `replay_guard` (
	`key` text(128) PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `replay_guard_expires_idx` ON `replay_guard` (`expires_at`);