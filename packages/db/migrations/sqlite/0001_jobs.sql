CREATE TABLE `job_leases` (
	`job` text(64) PRIMARY KEY NOT NULL,
	`holder` text(128) DEFAULT '' NOT NULL,
	`run_id` text(36),
	`expires_at` integer NOT NULL,
	`last_tick` integer,
	`acquired_at` integer
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` text(36) PRIMARY KEY NOT NULL,
	`job` text(64) NOT NULL,
	`scheduled_for` integer,
	`trigger` text(16) NOT NULL,
	`triggered_by` text(128),
	`holder` text(128) NOT NULL,
	`status` text(16) NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`summary` text,
	`error` text(2000)
);
--> statement-breakpoint
CREATE INDEX `job_runs_job_started_idx` ON `job_runs` (`job`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_job_tick_uq` ON `job_runs` (`job`,`scheduled_for`);