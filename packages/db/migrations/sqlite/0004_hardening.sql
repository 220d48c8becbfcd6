CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`outcome` text NOT NULL,
	`user_id` integer,
	`subject` text,
	`actor_id` integer,
	`ip` text,
	`face` text NOT NULL,
	`user_agent` text,
	`request_id` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_events_user_id` ON `audit_events` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_subject` ON `audit_events` (`subject`,`id`) WHERE "audit_events"."subject" is not null;--> statement-breakpoint
CREATE INDEX `audit_events_kind` ON `audit_events` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_at` ON `audit_events` (`at`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sign_in_addresses` (
	`user_id` integer NOT NULL,
	`address` text NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `address`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sign_in_addresses_last_at` ON `sign_in_addresses` (`last_at`);--> statement-breakpoint
CREATE TABLE `throttle_blocks` (
	`key` text PRIMARY KEY NOT NULL,
	`until` integer NOT NULL,
	`strikes` integer NOT NULL,
	`struck_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `throttle_blocks_struck_at` ON `throttle_blocks` (`struck_at`);--> statement-breakpoint
CREATE TABLE `throttle_hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL,
	`pending` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `throttle_hits_key_at` ON `throttle_hits` (`key`,`at`);--> statement-breakpoint
CREATE INDEX `throttle_hits_at` ON `throttle_hits` (`at`);