CREATE INDEX `recovery_tokens_expires_at` ON `recovery_tokens` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sessions_expires_at` ON `sessions` (`expires_at`);