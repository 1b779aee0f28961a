CREATE TABLE `coupons` (
	`id` varchar(36) NOT NULL,
	`code` varchar(64) NOT NULL,
	`customer_id` varchar(36) NOT NULL,
	`campaign_id` varchar(36) NOT NULL,
	`influencer_id` varchar(36) NOT NULL,
	`link_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `coupons_id` PRIMARY KEY(`id`),
	CONSTRAINT `coupons_customer_code_uq` UNIQUE(`customer_id`,`code`)
);
--> statement-breakpoint
CREATE TABLE `replay_guard` (
	`key` varchar(128) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	CONSTRAINT `replay_guard_key` PRIMARY KEY(`key`)
);
--> statement-breakpoint
CREATE INDEX `coupons_campaign_idx` ON `coupons` (`campaign_id`);--> statement-breakpoint
CREATE INDEX `replay_guard_expires_idx` ON `replay_guard` (`expires_at`);