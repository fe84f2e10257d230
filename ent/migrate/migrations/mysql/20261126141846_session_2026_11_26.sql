-- Modify "award_levels" table
ALTER TABLE `award_levels` ADD COLUMN `certificate_layout` longtext NULL;
-- Modify "collectives" table
ALTER TABLE `collectives` ADD COLUMN `counterpart_id` bigint NULL, ADD INDEX `collectives_collectives_unions` (`counterpart_id`), ADD CONSTRAINT `collectives_collectives_unions` FOREIGN KEY (`counterpart_id`) REFERENCES `collectives` (`id`) ON UPDATE RESTRICT ON DELETE SET NULL;
-- Create "award_level_issuers" table
CREATE TABLE `award_level_issuers` (`award_level_id` bigint NOT NULL, `collective_id` bigint NOT NULL, PRIMARY KEY (`award_level_id`, `collective_id`), INDEX `award_level_issuers_collective_id` (`collective_id`), CONSTRAINT `award_level_issuers_award_level_id` FOREIGN KEY (`award_level_id`) REFERENCES `award_levels` (`id`) ON UPDATE RESTRICT ON DELETE CASCADE, CONSTRAINT `award_level_issuers_collective_id` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON UPDATE RESTRICT ON DELETE CASCADE) CHARSET utf8mb4 COLLATE utf8mb4_bin;
