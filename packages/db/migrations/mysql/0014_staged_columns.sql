ALTER TABLE `feed_run_items` ADD `product_id` varchar(36) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `price_id` varchar(36) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `unchanged` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `title` varchar(500) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `brand` varchar(200);--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `url` varchar(2048) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `image_url` varchar(2048);--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `price_minor` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `sale_price_minor` bigint;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `currency` varchar(3) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `availability` varchar(16) DEFAULT 'in_stock' NOT NULL;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `gtin` varchar(14);--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `mpn` varchar(70);--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `description` text;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `description_text` text;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `category` varchar(750);--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `product_type` varchar(750);--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `taxonomy_id` int;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `stock` int;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `additional_images` json;--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `condition` varchar(16) DEFAULT 'new' NOT NULL;