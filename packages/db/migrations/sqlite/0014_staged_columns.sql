-- SQLite cannot add NOT NULL columns this way: the (empty, see 0013) staging table is made again.
DROP TABLE `feed_run_items`;--> statement-breakpoint
CREATE TABLE `feed_run_items` (
	`run_id` text(36) NOT NULL,
	`sku` text(128) NOT NULL,
	`content_hash` text(64) NOT NULL,
	`product_id` text(36) DEFAULT '' NOT NULL,
	`price_id` text(36) DEFAULT '' NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`title` text(500) DEFAULT '' NOT NULL,
	`brand` text(200),
	`url` text(2048) DEFAULT '' NOT NULL,
	`image_url` text(2048),
	`price_minor` integer DEFAULT 0 NOT NULL,
	`sale_price_minor` integer,
	`currency` text(3) DEFAULT '' NOT NULL,
	`availability` text(16) DEFAULT 'in_stock' NOT NULL,
	`gtin` text(14),
	`mpn` text(70),
	`description` text,
	`description_text` text,
	`category` text(750),
	`product_type` text(750),
	`taxonomy_id` integer,
	`stock` integer,
	`additional_images` text,
	`condition` text(16) DEFAULT 'new' NOT NULL,
	PRIMARY KEY(`run_id`, `sku`)
);
