CREATE TABLE `feed_run_items` (
	`run_id` varchar(36) NOT NULL,
	`sku` varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`content_hash` varchar(64) NOT NULL,
	`product` json NOT NULL,
	CONSTRAINT `feed_run_items_run_id_sku_pk` PRIMARY KEY(`run_id`,`sku`)
);
--> statement-breakpoint
CREATE TABLE `feed_runs` (
	`id` varchar(36) NOT NULL,
	`shop_id` varchar(36) NOT NULL,
	`source` varchar(2048) NOT NULL,
	`status` varchar(16) NOT NULL,
	`outcome` varchar(32),
	`report` json,
	`valid_rows` int,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `feed_runs_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `product_prices` (
	`id` varchar(36) NOT NULL,
	`product_id` varchar(36) NOT NULL,
	`run_id` varchar(36),
	`price_minor` bigint NOT NULL,
	`sale_price_minor` bigint,
	`currency` varchar(3) NOT NULL,
	`availability` varchar(16) NOT NULL,
	`at` datetime(3) NOT NULL,
	CONSTRAINT `product_prices_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `products` MODIFY COLUMN `sku` varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `gtin` varchar(14);--> statement-breakpoint
ALTER TABLE `products` ADD `mpn` varchar(70);--> statement-breakpoint
ALTER TABLE `products` ADD `description` text;--> statement-breakpoint
ALTER TABLE `products` ADD `description_text` text;--> statement-breakpoint
ALTER TABLE `products` ADD `category` varchar(750);--> statement-breakpoint
ALTER TABLE `products` ADD `product_type` varchar(750);--> statement-breakpoint
ALTER TABLE `products` ADD `sale_price_minor` bigint;--> statement-breakpoint
ALTER TABLE `products` ADD `stock` int;--> statement-breakpoint
ALTER TABLE `products` ADD `additional_images` json;--> statement-breakpoint
ALTER TABLE `products` ADD `condition` varchar(16) DEFAULT 'new' NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `content_hash` varchar(64);--> statement-breakpoint
ALTER TABLE `products` ADD `first_seen_at` datetime(3);--> statement-breakpoint
CREATE INDEX `feed_runs_shop_started_idx` ON `feed_runs` (`shop_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `product_prices_product_at_idx` ON `product_prices` (`product_id`,`at`);