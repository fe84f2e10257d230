-- Create "listed_awards" table
CREATE TABLE `listed_awards` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `collective_id` integer NOT NULL, `level_id` integer NOT NULL, `period_kind` text NOT NULL, `period_start_year` integer NOT NULL, `period_end_year` integer NOT NULL, `roll_key` text NULL, `award_id` integer NOT NULL, CONSTRAINT `listed_awards_awards_award` FOREIGN KEY (`award_id`) REFERENCES `awards` (`id`) ON DELETE CASCADE);
-- Set sequence for "listed_awards" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("listed_awards", 111669149696);
-- Create index "listed_award_roll" to table: "listed_awards"
CREATE INDEX `listed_award_roll` ON `listed_awards` (`collective_id`, `period_start_year`, `period_kind`, `period_end_year`, `roll_key`, `award_id`, `level_id`);
-- Create index "listedaward_award_id_collective_id" to table: "listed_awards"
CREATE UNIQUE INDEX `listedaward_award_id_collective_id` ON `listed_awards` (`award_id`, `collective_id`);
