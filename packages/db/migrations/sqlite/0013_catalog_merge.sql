-- Staged rows change shape (0014): a run still held or running when this runs is discarded, its
-- staged rows dropped; the catalogue itself is untouched.
UPDATE `feed_runs` SET `status` = 'discarded' WHERE `status` IN ('held', 'running');--> statement-breakpoint
DELETE FROM `feed_run_items`;--> statement-breakpoint
CREATE TABLE `shop_categories` (
	`shop_id` text(36) NOT NULL,
	`category` text(500) NOT NULL,
	`taxonomy_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`shop_id`, `category`)
);
--> statement-breakpoint
CREATE TABLE `taxonomy_categories` (
	`id` integer PRIMARY KEY NOT NULL,
	`parent_id` integer,
	`depth` integer NOT NULL,
	`name_en` text(200) NOT NULL,
	`path_en` text(750) NOT NULL,
	`name_de` text(200),
	`path_de` text(750),
	`version` text(32) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `taxonomy_parent_idx` ON `taxonomy_categories` (`parent_id`);--> statement-breakpoint
ALTER TABLE `links` ADD `product_id` text(36);--> statement-breakpoint
CREATE INDEX `links_product_idx` ON `links` (`product_id`);--> statement-breakpoint
ALTER TABLE `products` ADD `feed_id` text(36);--> statement-breakpoint
ALTER TABLE `products` ADD `taxonomy_id` integer;--> statement-breakpoint
CREATE INDEX `products_taxonomy_idx` ON `products` (`taxonomy_id`);--> statement-breakpoint
ALTER TABLE `feed_run_items` DROP COLUMN `product`;