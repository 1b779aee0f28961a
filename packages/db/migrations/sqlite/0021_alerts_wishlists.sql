CREATE TABLE `alert_deliveries` (
	`alert_id` text(36) NOT NULL,
	`price_id` text(36) NOT NULL,
	`kind` text(16) NOT NULL,
	`price_minor` integer NOT NULL,
	`status` text(16) NOT NULL,
	`message_id` text(255),
	`error` text(500),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`alert_id`, `price_id`)
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`product_id` text(36) NOT NULL,
	`kind` text(16) NOT NULL,
	`target_price_minor` integer,
	`email` text(320) NOT NULL,
	`user_id` text(36),
	`wishlist_id` text(36),
	`locale` text(2) NOT NULL,
	`status` text(16) NOT NULL,
	`confirm_nonce` text(64),
	`confirm_expires_at` integer,
	`reference_price_minor` integer,
	`armed` integer DEFAULT 1 NOT NULL,
	`last_in_stock` integer DEFAULT 0 NOT NULL,
	`last_alerted_at` integer,
	`last_alerted_price_minor` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_email_product_kind_uq` ON `alerts` (`email`,`product_id`,`kind`);--> statement-breakpoint
CREATE INDEX `alerts_product_idx` ON `alerts` (`product_id`,`status`);--> statement-breakpoint
CREATE INDEX `alerts_user_idx` ON `alerts` (`user_id`);--> statement-breakpoint
CREATE TABLE `job_cursors` (
	`name` text(64) PRIMARY KEY NOT NULL,
	`cursor` text(128) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `wishlist_items` (
	`wishlist_id` text(36) NOT NULL,
	`product_id` text(36) NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`wishlist_id`, `product_id`)
);
--> statement-breakpoint
CREATE TABLE `wishlists` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`user_id` text(36) NOT NULL,
	`name` text(100) NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `wishlists_user_idx` ON `wishlists` (`user_id`);