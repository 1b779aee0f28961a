CREATE TABLE `apps` (
	`id` varchar(64) NOT NULL,
	`name` varchar(200) NOT NULL,
	`origins` json NOT NULL,
	`signup` varchar(16) NOT NULL DEFAULT 'invite',
	`signup_domains` json NOT NULL,
	`roles` json NOT NULL,
	`default_role` varchar(32),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `apps_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `login_codes` (
	`id` varchar(36) NOT NULL,
	`email_key` varchar(64) NOT NULL,
	`code_hash` varchar(64) NOT NULL,
	`app` varchar(64) NOT NULL,
	`return_to` varchar(2048),
	`attempts` int NOT NULL DEFAULT 0,
	`expires_at` datetime(3) NOT NULL,
	`consumed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `login_codes_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` varchar(36) NOT NULL,
	`token_hash` varchar(64) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`app` varchar(64) NOT NULL,
	`user_agent` varchar(256),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`last_seen_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`absolute_expires_at` datetime(3) NOT NULL,
	`revoked_at` datetime(3),
	CONSTRAINT `sessions_id` PRIMARY KEY(`id`),
	CONSTRAINT `sessions_token_uq` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`kid` varchar(64) NOT NULL,
	`alg` varchar(16) NOT NULL,
	`public_jwk` json NOT NULL,
	`private_sealed` varchar(1024) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`retired_at` datetime(3),
	`expires_at` datetime(3),
	CONSTRAINT `signing_keys_kid` PRIMARY KEY(`kid`)
);
--> statement-breakpoint
CREATE INDEX `login_codes_email_idx` ON `login_codes` (`email_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `login_codes_expires_idx` ON `login_codes` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `signing_keys_created_idx` ON `signing_keys` (`created_at`);