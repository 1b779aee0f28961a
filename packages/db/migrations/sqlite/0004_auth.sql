CREATE TABLE `apps` (
	`id` text(64) PRIMARY KEY NOT NULL,
	`name` text(200) NOT NULL,
	`origins` text NOT NULL,
	`signup` text(16) DEFAULT 'invite' NOT NULL,
	`signup_domains` text NOT NULL,
	`roles` text NOT NULL,
	`default_role` text(32),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `login_codes` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`email_key` text(64) NOT NULL,
	`code_hash` text(64) NOT NULL,
	`app` text(64) NOT NULL,
	`return_to` text(2048),
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`consumed_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_codes_email_idx` ON `login_codes` (`email_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `login_codes_expires_idx` ON `login_codes` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`token_hash` text(64) NOT NULL,
	`user_id` text(36) NOT NULL,
	`app` text(64) NOT NULL,
	`user_agent` text(256),
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`absolute_expires_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_uq` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`kid` text(64) PRIMARY KEY NOT NULL,
	`alg` text(16) NOT NULL,
	`public_jwk` text NOT NULL,
	`private_sealed` text(1024) NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`retired_at` integer,
	`expires_at` integer
);
--> statement-breakpoint
CREATE INDEX `signing_keys_created_idx` ON `signing_keys` (`created_at`);