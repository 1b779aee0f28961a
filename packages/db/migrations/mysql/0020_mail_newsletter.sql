CREATE TABLE `mail_events` (
	`id` varchar(128) NOT NULL,
	`event` varchar(16) NOT NULL,
	`email` varchar(320) NOT NULL,
	`severity` varchar(16),
	`reason` varchar(500),
	`message_id` varchar(255),
	`occurred_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `mail_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `mail_suppressions` (
	`email` varchar(320) NOT NULL,
	`reason` varchar(16) NOT NULL,
	`detail` varchar(500),
	`source` varchar(16) NOT NULL,
	`event_id` varchar(128),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `mail_suppressions_email` PRIMARY KEY(`email`)
);
--> statement-breakpoint
CREATE TABLE `newsletter_deliveries` (
	`send_id` varchar(36) NOT NULL,
	`subscriber_id` varchar(36) NOT NULL,
	`email` varchar(320) NOT NULL,
	`locale` varchar(2) NOT NULL,
	`status` varchar(16) NOT NULL,
	`message_id` varchar(255),
	`error` varchar(500),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `newsletter_deliveries_send_id_subscriber_id_pk` PRIMARY KEY(`send_id`,`subscriber_id`)
);
--> statement-breakpoint
CREATE TABLE `newsletter_lists` (
	`id` varchar(32) NOT NULL,
	`name` varchar(120) NOT NULL,
	`locale` varchar(2) NOT NULL,
	`customer_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `newsletter_lists_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `newsletter_sends` (
	`id` varchar(36) NOT NULL,
	`list_id` varchar(32) NOT NULL,
	`subject` varchar(300) NOT NULL,
	`body` text NOT NULL,
	`status` varchar(16) NOT NULL,
	`total` int NOT NULL DEFAULT 0,
	`sent` int NOT NULL DEFAULT 0,
	`skipped` int NOT NULL DEFAULT 0,
	`failed` int NOT NULL DEFAULT 0,
	`links` json NOT NULL,
	`error` varchar(500),
	`created_by_type` varchar(16) NOT NULL,
	`created_by` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`started_at` datetime(3),
	`finished_at` datetime(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `newsletter_sends_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `newsletter_subscribers` (
	`id` varchar(36) NOT NULL,
	`email` varchar(320) NOT NULL,
	`locale` varchar(2) NOT NULL,
	`frequency` varchar(16) NOT NULL DEFAULT 'weekly',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `newsletter_subscribers_id` PRIMARY KEY(`id`),
	CONSTRAINT `newsletter_subscribers_email_unique` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `newsletter_subscriptions` (
	`subscriber_id` varchar(36) NOT NULL,
	`list_id` varchar(32) NOT NULL,
	`status` varchar(16) NOT NULL,
	`confirm_nonce` varchar(64),
	`confirm_expires_at` datetime(3),
	`confirm_sent_at` datetime(3),
	`confirmed_at` datetime(3),
	`unsubscribed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `newsletter_subscriptions_subscriber_id_list_id_pk` PRIMARY KEY(`subscriber_id`,`list_id`)
);
--> statement-breakpoint
CREATE INDEX `mail_events_email_idx` ON `mail_events` (`email`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `newsletter_deliveries_status_idx` ON `newsletter_deliveries` (`send_id`,`status`);--> statement-breakpoint
CREATE INDEX `newsletter_subscriptions_list_idx` ON `newsletter_subscriptions` (`list_id`,`status`);