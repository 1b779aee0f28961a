CREATE TABLE `fx_rates` (
	`day` varchar(10) NOT NULL,
	`base` varchar(3) NOT NULL,
	`quote` varchar(3) NOT NULL,
	`rate` varchar(32) NOT NULL,
	`source` varchar(64),
	`updated_by` varchar(36),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `fx_rates_pk` PRIMARY KEY(`day`,`base`,`quote`)
);
--> statement-breakpoint
CREATE TABLE `share_links` (
	`id` varchar(36) NOT NULL,
	`token_hash` varchar(64) NOT NULL,
	`customer_id` varchar(36) NOT NULL,
	`view` varchar(64) NOT NULL,
	`filters` json NOT NULL,
	`label` varchar(200),
	`created_by` varchar(36),
	`expires_at` datetime(3) NOT NULL,
	`revoked_at` datetime(3),
	`last_used_at` datetime(3),
	`uses` int NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `share_links_id` PRIMARY KEY(`id`),
	CONSTRAINT `share_links_token_uq` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` varchar(36) NOT NULL,
	`endpoint_id` varchar(36) NOT NULL,
	`customer_id` varchar(36) NOT NULL,
	`event_id` varchar(36) NOT NULL,
	`event` varchar(64) NOT NULL,
	`payload` json NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'pending',
	`attempts` int NOT NULL DEFAULT 0,
	`next_attempt_at` datetime(3),
	`last_status` int,
	`last_error` varchar(500),
	`delivered_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `webhook_deliveries_id` PRIMARY KEY(`id`),
	CONSTRAINT `webhook_deliveries_event_uq` UNIQUE(`endpoint_id`,`event_id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` varchar(36) NOT NULL,
	`customer_id` varchar(36) NOT NULL,
	`url` varchar(2048) NOT NULL,
	`events` json NOT NULL,
	`secret` varchar(128) NOT NULL,
	`description` varchar(200),
	`disabled_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `webhook_endpoints_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `share_links_customer_idx` ON `share_links` (`customer_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_customer_idx` ON `webhook_deliveries` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_endpoints_customer_idx` ON `webhook_endpoints` (`customer_id`);