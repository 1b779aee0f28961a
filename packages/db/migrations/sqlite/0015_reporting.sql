CREATE TABLE `fx_rates` (
	`day` text(10) NOT NULL,
	`base` text(3) NOT NULL,
	`quote` text(3) NOT NULL,
	`rate` text(32) NOT NULL,
	`source` text(64),
	`updated_by` text(36),
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`day`, `base`, `quote`)
);
--> statement-breakpoint
CREATE TABLE `share_links` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`token_hash` text(64) NOT NULL,
	`customer_id` text(36) NOT NULL,
	`view` text(64) NOT NULL,
	`filters` text NOT NULL,
	`label` text(200),
	`created_by` text(36),
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer,
	`uses` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `share_links_token_uq` ON `share_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `share_links_customer_idx` ON `share_links` (`customer_id`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`endpoint_id` text(36) NOT NULL,
	`customer_id` text(36) NOT NULL,
	`event_id` text(36) NOT NULL,
	`event` text(64) NOT NULL,
	`payload` text NOT NULL,
	`status` text(16) DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_status` integer,
	`last_error` text(500),
	`delivered_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_event_uq` ON `webhook_deliveries` (`endpoint_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_customer_idx` ON `webhook_deliveries` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`customer_id` text(36) NOT NULL,
	`url` text(2048) NOT NULL,
	`events` text NOT NULL,
	`secret` text(128) NOT NULL,
	`description` text(200),
	`disabled_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_customer_idx` ON `webhook_endpoints` (`customer_id`);