DROP INDEX `sessions_token_hash`;--> statement-breakpoint
-- Tokens are now `<session id>.<secret>`: sessions issued before cannot be presented in that
-- form, so they are ended here instead of lingering unusable until they expire.
DELETE FROM `sessions`;
