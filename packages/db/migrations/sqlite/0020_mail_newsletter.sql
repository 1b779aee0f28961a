CREATE TABLE `mail_events` (
	`id` text(128) PRIMARY KEY NOT NULL,
	`event` text(16) NOT NULL,
	`email` text(320) NOT NULL,
	`severity` text(16),
	`reason` text(500),
	`message_id` text(255),
	`occurred_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mail_events_email_idx` ON `mail_events` (`email`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `mail_suppressions` (
	`email` text(320) PRIMARY KEY NOT NULL,
	`reason` text(16) NOT NULL,
	`detail` text(500),
	`source` text(16) NOT NULL,
	`event_id` text(128),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `newsletter_deliveries` (
	`send_id` text(36) NOT NULL,
	`subscriber_id` text(36) NOT NULL,
	`email` text(320) NOT NULL,
	`locale` text(2) NOT NULL,
	`status` text(16) NOT NULL,
	`message_id` text(255),
	`error` text(500),
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`send_id`, `subscriber_id`)
);
--> statement-breakpoint
CREATE INDEX `newsletter_deliveries_status_idx` ON `newsletter_deliveries` (`send_id`,`status`);--> statement-breakpoint
CREATE TABLE `newsletter_lists` (
	`id` text(32) PRIMARY KEY NOT NULL,
	`name` text(120) NOT NULL,
	`locale` text(2) NOT NULL,
	`customer_id` text(36),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `newsletter_sends` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`list_id` text(32) NOT NULL,
	`subject` text(300) NOT NULL,
	`body` text NOT NULL,
	`status` text(16) NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`links` text NOT NULL,
	`error` text(500),
	`created_by_type` text(16) NOT NULL,
	`created_by` text(36) NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `newsletter_subscribers` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`email` text(320) NOT NULL,
	`locale` text(2) NOT NULL,
	`frequency` text(16) DEFAULT 'weekly' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `newsletter_subscribers_email_unique` ON `newsletter_subscribers` (`email`);--> statement-breakpoint
CREATE TABLE `newsletter_subscriptions` (
	`subscriber_id` text(36) NOT NULL,
	`list_id` text(32) NOT NULL,
	`status` text(16) NOT NULL,
	`confirm_nonce` text(64),
	`confirm_expires_at` integer,
	`confirm_sent_at` integer,
	`confirmed_at` integer,
	`unsubscribed_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`subscriber_id`, `list_id`)
);
--> statement-breakpoint
CREATE INDEX `newsletter_subscriptions_list_idx` ON `newsletter_subscriptions` (`list_id`,`status`);