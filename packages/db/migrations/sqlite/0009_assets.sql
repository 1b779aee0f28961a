CREATE TABLE `asset_blobs` (
	`sha256` text(64) PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`state` text(16) DEFAULT 'live' NOT NULL,
	`touched_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `asset_blobs_state_idx` ON `asset_blobs` (`state`,`touched_at`);--> statement-breakpoint
CREATE TABLE `asset_rules` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`app_id` text(64) NOT NULL,
	`type` text(32) NOT NULL,
	`max_bytes` integer,
	`formats` text,
	`visibility` text(16),
	`upload_roles` text,
	`read_roles` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `asset_rules_app_type_uq` ON `asset_rules` (`app_id`,`type`);--> statement-breakpoint
CREATE TABLE `assets` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`sha256` text(64) NOT NULL,
	`type` text(32) NOT NULL,
	`app_id` text(64) NOT NULL,
	`name` text(255) NOT NULL,
	`format` text(16) NOT NULL,
	`content_type` text(100) NOT NULL,
	`size` integer NOT NULL,
	`width` integer,
	`height` integer,
	`pages` integer,
	`placeholder` text(64),
	`visibility` text(16) NOT NULL,
	`created_by_type` text(16) NOT NULL,
	`created_by` text(36) NOT NULL,
	`customer_id` text(36),
	`influencer_id` text(36),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assets_sha256_idx` ON `assets` (`sha256`);--> statement-breakpoint
CREATE INDEX `assets_type_idx` ON `assets` (`type`,`id`);--> statement-breakpoint
CREATE INDEX `assets_app_idx` ON `assets` (`app_id`,`id`);--> statement-breakpoint
CREATE INDEX `assets_owner_idx` ON `assets` (`created_by`,`id`);--> statement-breakpoint
CREATE INDEX `assets_customer_idx` ON `assets` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `assets_influencer_idx` ON `assets` (`influencer_id`,`id`);