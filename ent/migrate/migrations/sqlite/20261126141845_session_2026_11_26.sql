-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Add column "certificate_layout" to table: "award_levels"
ALTER TABLE `award_levels` ADD COLUMN `certificate_layout` text NULL;
-- Create "new_collectives" table
CREATE TABLE `new_collectives` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `name_key` text NULL, `short_name` text NULL, `kind` text NOT NULL, `tier` text NOT NULL, `ownership` text NULL, `founded_on` datetime NULL, `dissolved_on` datetime NULL, `note` text NULL, `parent_id` integer NULL, `counterpart_id` integer NULL, `reorganisation_dissolved` integer NULL, CONSTRAINT `collectives_collectives_children` FOREIGN KEY (`parent_id`) REFERENCES `collectives` (`id`) ON DELETE SET NULL, CONSTRAINT `collectives_collectives_unions` FOREIGN KEY (`counterpart_id`) REFERENCES `collectives` (`id`) ON DELETE SET NULL, CONSTRAINT `collectives_reorganisations_dissolved` FOREIGN KEY (`reorganisation_dissolved`) REFERENCES `reorganisations` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_collectives" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_collectives", 17179869184);
-- Copy rows from old table "collectives" to new temporary table "new_collectives"
INSERT INTO `new_collectives` (`id`, `create_time`, `update_time`, `name`, `name_key`, `short_name`, `kind`, `tier`, `ownership`, `founded_on`, `dissolved_on`, `note`, `parent_id`, `reorganisation_dissolved`) SELECT `id`, `create_time`, `update_time`, `name`, `name_key`, `short_name`, `kind`, `tier`, `ownership`, `founded_on`, `dissolved_on`, `note`, `parent_id`, `reorganisation_dissolved` FROM `collectives`;
-- Drop "collectives" table after copying rows
DROP TABLE `collectives`;
-- Rename temporary table "new_collectives" to "collectives"
ALTER TABLE `new_collectives` RENAME TO `collectives`;
-- Create index "collective_kind" to table: "collectives"
CREATE INDEX `collective_kind` ON `collectives` (`kind`);
-- Create index "collective_tier" to table: "collectives"
CREATE INDEX `collective_tier` ON `collectives` (`tier`);
-- Create "award_level_issuers" table
CREATE TABLE `award_level_issuers` (`award_level_id` integer NOT NULL, `collective_id` integer NOT NULL, PRIMARY KEY (`award_level_id`, `collective_id`), CONSTRAINT `award_level_issuers_award_level_id` FOREIGN KEY (`award_level_id`) REFERENCES `award_levels` (`id`) ON DELETE CASCADE, CONSTRAINT `award_level_issuers_collective_id` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON DELETE CASCADE);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
