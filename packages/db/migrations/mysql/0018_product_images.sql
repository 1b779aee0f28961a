CREATE TABLE `product_images` (
	`url_hash` varchar(64) NOT NULL,
	`url` varchar(2048) NOT NULL,
	`asset_id` varchar(36),
	`status` varchar(16) NOT NULL,
	`error` varchar(64),
	`attempts` int NOT NULL DEFAULT 0,
	`next_attempt_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `product_images_url_hash` PRIMARY KEY(`url_hash`)
);
--> statement-breakpoint
CREATE INDEX `product_images_retry_idx` ON `product_images` (`status`,`next_attempt_at`);