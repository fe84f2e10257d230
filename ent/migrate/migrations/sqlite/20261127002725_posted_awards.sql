-- Create "posted_awards" table
CREATE TABLE `posted_awards` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `collective_id` integer NOT NULL, `individual_id` integer NOT NULL, `level_id` integer NOT NULL, `period_kind` text NULL, `period_start_year` integer NULL, `period_end_year` integer NULL, `roll_key` text NULL, `award_id` integer NOT NULL, CONSTRAINT `posted_awards_awards_award` FOREIGN KEY (`award_id`) REFERENCES `awards` (`id`) ON DELETE CASCADE);
-- Set sequence for "posted_awards" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("posted_awards", 107374182400);
-- Create index "posted_award_roll" to table: "posted_awards"
CREATE INDEX `posted_award_roll` ON `posted_awards` (`collective_id`, `period_start_year`, `period_kind`, `period_end_year`, `level_id`, `roll_key`, `award_id`);
-- Create index "postedaward_award_id_collective_id" to table: "posted_awards"
CREATE UNIQUE INDEX `postedaward_award_id_collective_id` ON `posted_awards` (`award_id`, `collective_id`);
-- Create index "postedaward_individual_id" to table: "posted_awards"
CREATE INDEX `postedaward_individual_id` ON `posted_awards` (`individual_id`);
