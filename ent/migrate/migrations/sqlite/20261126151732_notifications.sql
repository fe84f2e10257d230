-- Create "outbox_events" table
CREATE TABLE `outbox_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `nomination_id` integer NOT NULL, `type` text NOT NULL, `proposer_id` integer NOT NULL, `reviewer_id` integer NULL, `previous_reviewer_id` integer NULL, `payload` text NOT NULL, `create_time` datetime NOT NULL, `nomination_event_id` integer NOT NULL, CONSTRAINT `outbox_events_nomination_events_nomination_event` FOREIGN KEY (`nomination_event_id`) REFERENCES `nomination_events` (`id`) ON DELETE NO ACTION);
-- Set sequence for "outbox_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("outbox_events", 90194313216);
-- Create index "outboxevent_nomination_id" to table: "outbox_events"
CREATE INDEX `outboxevent_nomination_id` ON `outbox_events` (`nomination_id`);
-- Create index "outboxevent_nomination_event_id" to table: "outbox_events"
CREATE UNIQUE INDEX `outboxevent_nomination_event_id` ON `outbox_events` (`nomination_event_id`);
-- Create "webhooks" table
CREATE TABLE `webhooks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `url` text NOT NULL, `description` text NULL, `secret` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `collective_id` integer NOT NULL, CONSTRAINT `webhooks_collectives_collective` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON DELETE NO ACTION);
-- Set sequence for "webhooks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhooks", 94489280512);
-- Create "webhook_attempts" table
CREATE TABLE `webhook_attempts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `started_at` datetime NOT NULL, `duration_ms` integer NOT NULL, `status_code` integer NULL, `error` text NULL, `replica` text NULL, `delivery_id` integer NOT NULL, CONSTRAINT `webhook_attempts_webhook_deliveries_delivery` FOREIGN KEY (`delivery_id`) REFERENCES `webhook_deliveries` (`id`) ON DELETE NO ACTION);
-- Set sequence for "webhook_attempts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_attempts", 98784247808);
-- Create index "webhookattempt_delivery_id" to table: "webhook_attempts"
CREATE INDEX `webhookattempt_delivery_id` ON `webhook_attempts` (`delivery_id`);
-- Create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_type` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `next_attempt_at` datetime NOT NULL, `claimed_until` datetime NULL, `claimed_by` text NULL, `delivered_at` datetime NULL, `last_status_code` integer NULL, `last_error` text NULL, `create_time` datetime NOT NULL, `webhook_id` integer NOT NULL, `outbox_event_id` integer NOT NULL, CONSTRAINT `webhook_deliveries_webhooks_webhook` FOREIGN KEY (`webhook_id`) REFERENCES `webhooks` (`id`) ON DELETE NO ACTION, CONSTRAINT `webhook_deliveries_outbox_events_outbox_event` FOREIGN KEY (`outbox_event_id`) REFERENCES `outbox_events` (`id`) ON DELETE NO ACTION);
-- Set sequence for "webhook_deliveries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_deliveries", 103079215104);
-- Create index "webhookdelivery_webhook_id_outbox_event_id" to table: "webhook_deliveries"
CREATE UNIQUE INDEX `webhookdelivery_webhook_id_outbox_event_id` ON `webhook_deliveries` (`webhook_id`, `outbox_event_id`);
-- Create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_status_next_attempt_at` ON `webhook_deliveries` (`status`, `next_attempt_at`);
-- Create index "webhookdelivery_webhook_id_status_id" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_webhook_id_status_id` ON `webhook_deliveries` (`webhook_id`, `status`, `id`);
