CREATE TABLE `asset_blobs` (
	`sha256` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`size` bigint NOT NULL,
	`state` varchar(16) NOT NULL DEFAULT 'live',
	`touched_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `asset_blobs_sha256` PRIMARY KEY(`sha256`)
);
--> statement-breakpoint
CREATE TABLE `asset_rules` (
	`id` varchar(36) NOT NULL,
	`app_id` varchar(64) NOT NULL,
	`type` varchar(32) NOT NULL,
	`max_bytes` bigint,
	`formats` json,
	`visibility` varchar(16),
	`upload_roles` json,
	`read_roles` json,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `asset_rules_id` PRIMARY KEY(`id`),
	CONSTRAINT `asset_rules_app_type_uq` UNIQUE(`app_id`,`type`)
);
--> statement-breakpoint
CREATE TABLE `assets` (
	`id` varchar(36) NOT NULL,
	`sha256` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`type` varchar(32) NOT NULL,
	`app_id` varchar(64) NOT NULL,
	`name` varchar(255) NOT NULL,
	`format` varchar(16) NOT NULL,
	`content_type` varchar(100) NOT NULL,
	`size` bigint NOT NULL,
	`width` int,
	`height` int,
	`pages` int,
	`placeholder` varchar(64),
	`visibility` varchar(16) NOT NULL,
	`created_by_type` varchar(16) NOT NULL,
	`created_by` varchar(36) NOT NULL,
	`customer_id` varchar(36),
	`influencer_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `assets_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `asset_blobs_state_idx` ON `asset_blobs` (`state`,`touched_at`);--> statement-breakpoint
CREATE INDEX `assets_sha256_idx` ON `assets` (`sha256`);--> statement-breakpoint
CREATE INDEX `assets_type_idx` ON `assets` (`type`,`id`);--> statement-breakpoint
CREATE INDEX `assets_app_idx` ON `assets` (`app_id`,`id`);--> statement-breakpoint
CREATE INDEX `assets_owner_idx` ON `assets` (`created_by`,`id`);--> statement-breakpoint
CREATE INDEX `assets_customer_idx` ON `assets` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `assets_influencer_idx` ON `assets` (`influencer_id`,`id`);