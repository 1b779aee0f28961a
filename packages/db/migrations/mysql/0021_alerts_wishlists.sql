CREATE TABLE `alert_deliveries` (
	`alert_id` varchar(36) NOT NULL,
	`price_id` varchar(36) NOT NULL,
	`kind` varchar(16) NOT NULL,
	`price_minor` int NOT NULL,
	`status` varchar(16) NOT NULL,
	`message_id` varchar(255),
	`error` varchar(500),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `alert_deliveries_alert_id_price_id_pk` PRIMARY KEY(`alert_id`,`price_id`)
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` varchar(36) NOT NULL,
	`product_id` varchar(36) NOT NULL,
	`kind` varchar(16) NOT NULL,
	`target_price_minor` int,
	`email` varchar(320) NOT NULL,
	`user_id` varchar(36),
	`wishlist_id` varchar(36),
	`locale` varchar(2) NOT NULL,
	`status` varchar(16) NOT NULL,
	`confirm_nonce` varchar(64),
	`confirm_expires_at` datetime(3),
	`reference_price_minor` int,
	`armed` int NOT NULL DEFAULT 1,
	`last_in_stock` int NOT NULL DEFAULT 0,
	`last_alerted_at` datetime(3),
	`last_alerted_price_minor` int,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `alerts_id` PRIMARY KEY(`id`),
	CONSTRAINT `alerts_email_product_kind_uq` UNIQUE(`email`,`product_id`,`kind`)
);
--> statement-breakpoint
CREATE TABLE `job_cursors` (
	`name` varchar(64) NOT NULL,
	`cursor` varchar(128) NOT NULL,
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `job_cursors_name` PRIMARY KEY(`name`)
);
--> statement-breakpoint
CREATE TABLE `wishlist_items` (
	`wishlist_id` varchar(36) NOT NULL,
	`product_id` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `wishlist_items_wishlist_id_product_id_pk` PRIMARY KEY(`wishlist_id`,`product_id`)
);
--> statement-breakpoint
CREATE TABLE `wishlists` (
	`id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`name` varchar(100) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `wishlists_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `alerts_product_idx` ON `alerts` (`product_id`,`status`);--> statement-breakpoint
CREATE INDEX `alerts_user_idx` ON `alerts` (`user_id`);--> statement-breakpoint
CREATE INDEX `wishlists_user_idx` ON `wishlists` (`user_id`);