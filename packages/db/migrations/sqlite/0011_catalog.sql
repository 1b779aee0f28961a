CREATE TABLE `feed_run_items` (
	`run_id` text(36) NOT NULL,
	`sku` text(128) NOT NULL,
	`content_hash` text(64) NOT NULL,
	`product` text NOT NULL,
	PRIMARY KEY(`run_id`, `sku`)
);
--> statement-breakpoint
CREATE TABLE `feed_runs` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`shop_id` text(36) NOT NULL,
	`source` text(2048) NOT NULL,
	`status` text(16) NOT NULL,
	`outcome` text(32),
	`report` text,
	`valid_rows` integer,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `feed_runs_shop_started_idx` ON `feed_runs` (`shop_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `product_prices` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`product_id` text(36) NOT NULL,
	`run_id` text(36),
	`price_minor` integer NOT NULL,
	`sale_price_minor` integer,
	`currency` text(3) NOT NULL,
	`availability` text(16) NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `product_prices_product_at_idx` ON `product_prices` (`product_id`,`at`);--> statement-breakpoint
ALTER TABLE `products` ADD `gtin` text(14);--> statement-breakpoint
ALTER TABLE `products` ADD `mpn` text(70);--> statement-breakpoint
ALTER TABLE `products` ADD `description` text;--> statement-breakpoint
ALTER TABLE `products` ADD `description_text` text;--> statement-breakpoint
ALTER TABLE `products` ADD `category` text(750);--> statement-breakpoint
ALTER TABLE `products` ADD `product_type` text(750);--> statement-breakpoint
ALTER TABLE `products` ADD `sale_price_minor` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `stock` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `additional_images` text;--> statement-breakpoint
ALTER TABLE `products` ADD `condition` text(16) DEFAULT 'new' NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `content_hash` text(64);--> statement-breakpoint
ALTER TABLE `products` ADD `first_seen_at` integer;