CREATE TABLE `search_synonyms` (
	`id` varchar(36) NOT NULL,
	`locale` varchar(2) NOT NULL,
	`terms` json NOT NULL,
	`updated_by` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `search_synonyms_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `item_group_id` varchar(128);--> statement-breakpoint
ALTER TABLE `products` ADD `item_group_id` varchar(128);--> statement-breakpoint
CREATE INDEX `search_synonyms_locale_idx` ON `search_synonyms` (`locale`);--> statement-breakpoint
CREATE INDEX `products_updated_idx` ON `products` (`updated_at`,`id`);