CREATE TABLE `job_leases` (
	`job` varchar(64) NOT NULL,
	`holder` varchar(128) NOT NULL DEFAULT '',
	`run_id` varchar(36),
	`expires_at` datetime(3) NOT NULL,
	`last_tick` datetime(3),
	`acquired_at` datetime(3),
	CONSTRAINT `job_leases_job` PRIMARY KEY(`job`)
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` varchar(36) NOT NULL,
	`job` varchar(64) NOT NULL,
	`scheduled_for` datetime(3),
	`trigger` varchar(16) NOT NULL,
	`triggered_by` varchar(128),
	`holder` varchar(128) NOT NULL,
	`status` varchar(16) NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`summary` json,
	`error` varchar(2000),
	CONSTRAINT `job_runs_id` PRIMARY KEY(`id`),
	CONSTRAINT `job_runs_job_tick_uq` UNIQUE(`job`,`scheduled_for`)
);
--> statement-breakpoint
CREATE INDEX `job_runs_job_started_idx` ON `job_runs` (`job`,`started_at`);