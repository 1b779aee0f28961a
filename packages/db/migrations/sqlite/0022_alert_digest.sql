ALTER TABLE `alert_deliveries` ADD `before_minor` integer;--> statement-breakpoint
ALTER TABLE `alerts` ADD `frequency` text(8) DEFAULT 'instant' NOT NULL;