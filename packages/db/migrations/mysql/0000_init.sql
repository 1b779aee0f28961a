CREATE TABLE `api_keys` (
	`id` varchar(36) NOT NULL,
	`name` varchar(200) NOT NULL,
	`key_hash` varchar(64) NOT NULL,
	`prefix` varchar(16) NOT NULL,
	`customer_id` varchar(36),
	`scopes` json NOT NULL,
	`last_used_at` datetime(3),
	`revoked_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_keys_hash_uq` UNIQUE(`key_hash`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` varchar(36) NOT NULL,
	`at` datetime(3) NOT NULL,
	`actor_type` varchar(16) NOT NULL,
	`actor_id` varchar(64),
	`action` varchar(64) NOT NULL,
	`target_type` varchar(32) NOT NULL,
	`target_id` varchar(64),
	`details` json,
	`request_id` varchar(128),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `campaign_influencers` (
	`campaign_id` varchar(36) NOT NULL,
	`influencer_id` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `campaign_influencers_pk` PRIMARY KEY(`campaign_id`,`influencer_id`)
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` varchar(36) NOT NULL,
	`customer_id` varchar(36) NOT NULL,
	`name` varchar(200) NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'draft',
	`starts_at` datetime(3),
	`ends_at` datetime(3),
	`attribution_window_days` int NOT NULL DEFAULT 30,
	`timezone` varchar(64) NOT NULL DEFAULT 'UTC',
	`utm` json,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `campaigns_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` varchar(36) NOT NULL,
	`name` varchar(200) NOT NULL,
	`landing_url` varchar(2048),
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `customers_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `grants` (
	`id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`app` varchar(64) NOT NULL,
	`role` varchar(32) NOT NULL,
	`scope_type` varchar(16) NOT NULL DEFAULT '',
	`scope_id` varchar(36) NOT NULL DEFAULT '',
	`created_by` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `grants_id` PRIMARY KEY(`id`),
	CONSTRAINT `grants_unique_uq` UNIQUE(`user_id`,`app`,`role`,`scope_type`,`scope_id`)
);
--> statement-breakpoint
CREATE TABLE `influencers` (
	`id` varchar(36) NOT NULL,
	`handle` varchar(64) NOT NULL,
	`name` varchar(200) NOT NULL,
	`email` varchar(320),
	`channels` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `influencers_id` PRIMARY KEY(`id`),
	CONSTRAINT `influencers_handle_uq` UNIQUE(`handle`)
);
--> statement-breakpoint
CREATE TABLE `links` (
	`id` varchar(36) NOT NULL,
	`slug` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`slug_folded` varchar(64) NOT NULL,
	`destination` varchar(2048) NOT NULL,
	`customer_id` varchar(36) NOT NULL,
	`campaign_id` varchar(36),
	`influencer_id` varchar(36),
	`shop_id` varchar(36),
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`redirect_status` int NOT NULL DEFAULT 302,
	`rules` json,
	`starts_at` datetime(3),
	`expires_at` datetime(3),
	`fallback_url` varchar(2048),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `links_id` PRIMARY KEY(`id`),
	CONSTRAINT `links_slug_uq` UNIQUE(`slug`)
);
--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` varchar(36) NOT NULL,
	`order_id` varchar(36) NOT NULL,
	`line_no` int NOT NULL,
	`sku` varchar(128) NOT NULL,
	`name` varchar(500) NOT NULL,
	`price_minor` bigint NOT NULL,
	`quantity` int NOT NULL,
	CONSTRAINT `order_lines_id` PRIMARY KEY(`id`),
	CONSTRAINT `order_lines_order_line_uq` UNIQUE(`order_id`,`line_no`)
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` varchar(36) NOT NULL,
	`shop_id` varchar(36) NOT NULL,
	`order_ref` varchar(128) NOT NULL,
	`status` varchar(24) NOT NULL DEFAULT 'placed',
	`currency` varchar(3) NOT NULL,
	`total_minor` bigint NOT NULL,
	`refunded_minor` bigint NOT NULL DEFAULT 0,
	`coupon` varchar(64),
	`click_id` varchar(64),
	`link_id` varchar(36),
	`influencer_id` varchar(36),
	`campaign_id` varchar(36),
	`customer_id` varchar(36),
	`attribution_model` varchar(16) NOT NULL DEFAULT 'none',
	`source` varchar(16) NOT NULL,
	`placed_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `orders_id` PRIMARY KEY(`id`),
	CONSTRAINT `orders_shop_ref_uq` UNIQUE(`shop_id`,`order_ref`)
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` varchar(36) NOT NULL,
	`shop_id` varchar(36) NOT NULL,
	`sku` varchar(128) NOT NULL,
	`title` varchar(500) NOT NULL,
	`brand` varchar(200),
	`url` varchar(2048) NOT NULL,
	`image_url` varchar(2048),
	`price_minor` bigint NOT NULL,
	`currency` varchar(3) NOT NULL,
	`availability` varchar(16) NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`attributes` json,
	`seen_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `products_id` PRIMARY KEY(`id`),
	CONSTRAINT `products_shop_sku_uq` UNIQUE(`shop_id`,`sku`)
);
--> statement-breakpoint
CREATE TABLE `shops` (
	`id` varchar(36) NOT NULL,
	`customer_id` varchar(36),
	`name` varchar(200) NOT NULL,
	`origins` json NOT NULL,
	`public_key` varchar(64) NOT NULL,
	`secret_ciphertext` varchar(512) NOT NULL,
	`secret_key_version` int NOT NULL DEFAULT 1,
	`secret_rotated_at` datetime(3),
	`click_param` varchar(32) NOT NULL DEFAULT 'glam_cid',
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `shops_id` PRIMARY KEY(`id`),
	CONSTRAINT `shops_public_key_uq` UNIQUE(`public_key`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(36) NOT NULL,
	`email` varchar(320) NOT NULL,
	`name` varchar(200),
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`last_login_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_uq` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE INDEX `api_keys_customer_idx` ON `api_keys` (`customer_id`);--> statement-breakpoint
CREATE INDEX `audit_target_idx` ON `audit_log` (`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `campaign_influencers_influencer_idx` ON `campaign_influencers` (`influencer_id`);--> statement-breakpoint
CREATE INDEX `campaigns_customer_idx` ON `campaigns` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `grants_scope_idx` ON `grants` (`scope_type`,`scope_id`);--> statement-breakpoint
CREATE INDEX `links_slug_folded_idx` ON `links` (`slug_folded`);--> statement-breakpoint
CREATE INDEX `links_customer_idx` ON `links` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `links_campaign_idx` ON `links` (`campaign_id`);--> statement-breakpoint
CREATE INDEX `links_influencer_idx` ON `links` (`influencer_id`);--> statement-breakpoint
CREATE INDEX `orders_campaign_idx` ON `orders` (`campaign_id`,`placed_at`);--> statement-breakpoint
CREATE INDEX `orders_customer_idx` ON `orders` (`customer_id`,`placed_at`);--> statement-breakpoint
CREATE INDEX `products_shop_status_idx` ON `products` (`shop_id`,`status`);--> statement-breakpoint
CREATE INDEX `shops_customer_idx` ON `shops` (`customer_id`);