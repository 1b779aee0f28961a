-- Staged rows change shape (0014): a run still held or running when this runs is discarded, its
-- staged rows dropped; the catalogue itself is untouched.
UPDATE `feed_runs` SET `status` = 'discarded' WHERE `status` IN ('held', 'running');--> statement-breakpoint
DELETE FROM `feed_run_items`;--> statement-breakpoint
CREATE TABLE `shop_categories` (
	`shop_id` varchar(36) NOT NULL,
	`category` varchar(500) NOT NULL,
	`taxonomy_id` int NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `shop_categories_shop_id_category_pk` PRIMARY KEY(`shop_id`,`category`)
);
--> statement-breakpoint
CREATE TABLE `taxonomy_categories` (
	`id` int NOT NULL,
	`parent_id` int,
	`depth` int NOT NULL,
	`name_en` varchar(200) NOT NULL,
	`path_en` varchar(750) NOT NULL,
	`name_de` varchar(200),
	`path_de` varchar(750),
	`version` varchar(32) NOT NULL,
	CONSTRAINT `taxonomy_categories_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `links` ADD `product_id` varchar(36);--> statement-breakpoint
ALTER TABLE `products` ADD `feed_id` varchar(36);--> statement-breakpoint
ALTER TABLE `products` ADD `taxonomy_id` int;--> statement-breakpoint
CREATE INDEX `taxonomy_parent_idx` ON `taxonomy_categories` (`parent_id`);--> statement-breakpoint
CREATE INDEX `links_product_idx` ON `links` (`product_id`);--> statement-breakpoint
CREATE INDEX `products_taxonomy_idx` ON `products` (`taxonomy_id`);--> statement-breakpoint
ALTER TABLE `feed_run_items` DROP COLUMN `product`;