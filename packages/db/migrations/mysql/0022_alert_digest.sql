ALTER TABLE `alert_deliveries` ADD `before_minor` int;--> statement-breakpoint
ALTER TABLE `alerts` ADD `frequency` varchar(8) DEFAULT 'instant' NOT NULL;