ALTER TABLE `users` ADD `disabled_at` integer;--> statement-breakpoint
CREATE INDEX `users_admins` ON `users` (`id`) WHERE "users"."role" = 1;