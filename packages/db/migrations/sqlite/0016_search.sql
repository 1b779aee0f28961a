CREATE TABLE `search_synonyms` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`locale` text(2) NOT NULL,
	`terms` text NOT NULL,
	`updated_by` text(36),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_synonyms_locale_idx` ON `search_synonyms` (`locale`);--> statement-breakpoint
ALTER TABLE `feed_run_items` ADD `item_group_id` text(128);--> statement-breakpoint
ALTER TABLE `products` ADD `item_group_id` text(128);--> statement-breakpoint
CREATE INDEX `products_updated_idx` ON `products` (`updated_at`,`id`);