CREATE TABLE `api_keys` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`name` text(200) NOT NULL,
	`key_hash` text(64) NOT NULL,
	`prefix` text(16) NOT NULL,
	`customer_id` text(36),
	`scopes` text NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_uq` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_customer_idx` ON `api_keys` (`customer_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text(16) NOT NULL,
	`actor_id` text(64),
	`action` text(64) NOT NULL,
	`target_type` text(32) NOT NULL,
	`target_id` text(64),
	`details` text,
	`request_id` text(128)
);
--> statement-breakpoint
CREATE INDEX `audit_target_idx` ON `audit_log` (`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `campaign_influencers` (
	`campaign_id` text(36) NOT NULL,
	`influencer_id` text(36) NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`campaign_id`, `influencer_id`)
);
--> statement-breakpoint
CREATE INDEX `campaign_influencers_influencer_idx` ON `campaign_influencers` (`influencer_id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`customer_id` text(36) NOT NULL,
	`name` text(200) NOT NULL,
	`status` text(16) DEFAULT 'draft' NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`attribution_window_days` integer DEFAULT 30 NOT NULL,
	`timezone` text(64) DEFAULT 'UTC' NOT NULL,
	`utm` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `campaigns_customer_idx` ON `campaigns` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`name` text(200) NOT NULL,
	`landing_url` text(2048),
	`status` text(16) DEFAULT 'active' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `grants` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`user_id` text(36) NOT NULL,
	`app` text(64) NOT NULL,
	`role` text(32) NOT NULL,
	`scope_type` text(16) DEFAULT '' NOT NULL,
	`scope_id` text(36) DEFAULT '' NOT NULL,
	`created_by` text(36),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grants_unique_uq` ON `grants` (`user_id`,`app`,`role`,`scope_type`,`scope_id`);--> statement-breakpoint
CREATE INDEX `grants_scope_idx` ON `grants` (`scope_type`,`scope_id`);--> statement-breakpoint
CREATE TABLE `influencers` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`handle` text(64) NOT NULL,
	`name` text(200) NOT NULL,
	`email` text(320),
	`channels` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `influencers_handle_uq` ON `influencers` (`handle`);--> statement-breakpoint
CREATE TABLE `links` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`slug` text(64) NOT NULL,
	`slug_folded` text(64) NOT NULL,
	`destination` text(2048) NOT NULL,
	`customer_id` text(36) NOT NULL,
	`campaign_id` text(36),
	`influencer_id` text(36),
	`shop_id` text(36),
	`status` text(16) DEFAULT 'active' NOT NULL,
	`redirect_status` integer DEFAULT 302 NOT NULL,
	`rules` text,
	`starts_at` integer,
	`expires_at` integer,
	`fallback_url` text(2048),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `links_slug_uq` ON `links` (`slug`);--> statement-breakpoint
CREATE INDEX `links_slug_folded_idx` ON `links` (`slug_folded`);--> statement-breakpoint
CREATE INDEX `links_customer_idx` ON `links` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `links_campaign_idx` ON `links` (`campaign_id`);--> statement-breakpoint
CREATE INDEX `links_influencer_idx` ON `links` (`influencer_id`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`order_id` text(36) NOT NULL,
	`line_no` integer NOT NULL,
	`sku` text(128) NOT NULL,
	`name` text(500) NOT NULL,
	`price_minor` integer NOT NULL,
	`quantity` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_lines_order_line_uq` ON `order_lines` (`order_id`,`line_no`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`shop_id` text(36) NOT NULL,
	`order_ref` text(128) NOT NULL,
	`status` text(24) DEFAULT 'placed' NOT NULL,
	`currency` text(3) NOT NULL,
	`total_minor` integer NOT NULL,
	`refunded_minor` integer DEFAULT 0 NOT NULL,
	`coupon` text(64),
	`click_id` text(64),
	`link_id` text(36),
	`influencer_id` text(36),
	`campaign_id` text(36),
	`customer_id` text(36),
	`attribution_model` text(16) DEFAULT 'none' NOT NULL,
	`source` text(16) NOT NULL,
	`placed_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_shop_ref_uq` ON `orders` (`shop_id`,`order_ref`);--> statement-breakpoint
CREATE INDEX `orders_campaign_idx` ON `orders` (`campaign_id`,`placed_at`);--> statement-breakpoint
CREATE INDEX `orders_customer_idx` ON `orders` (`customer_id`,`placed_at`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`shop_id` text(36) NOT NULL,
	`sku` text(128) NOT NULL,
	`title` text(500) NOT NULL,
	`brand` text(200),
	`url` text(2048) NOT NULL,
	`image_url` text(2048),
	`price_minor` integer NOT NULL,
	`currency` text(3) NOT NULL,
	`availability` text(16) NOT NULL,
	`status` text(16) DEFAULT 'active' NOT NULL,
	`attributes` text,
	`seen_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_shop_sku_uq` ON `products` (`shop_id`,`sku`);--> statement-breakpoint
CREATE INDEX `products_shop_status_idx` ON `products` (`shop_id`,`status`);--> statement-breakpoint
CREATE TABLE `shops` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`customer_id` text(36),
	`name` text(200) NOT NULL,
	`origins` text NOT NULL,
	`public_key` text(64) NOT NULL,
	`secret_ciphertext` text(512) NOT NULL,
	`secret_key_version` integer DEFAULT 1 NOT NULL,
	`secret_rotated_at` integer,
	`click_param` text(32) DEFAULT 'glam_cid' NOT NULL,
	`status` text(16) DEFAULT 'active' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shops_public_key_uq` ON `shops` (`public_key`);--> statement-breakpoint
CREATE INDEX `shops_customer_idx` ON `shops` (`customer_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`email` text(320) NOT NULL,
	`name` text(200),
	`status` text(16) DEFAULT 'active' NOT NULL,
	`last_login_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);