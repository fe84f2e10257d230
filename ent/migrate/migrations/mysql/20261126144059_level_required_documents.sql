-- Modify "award_levels" table
ALTER TABLE `award_levels` ADD COLUMN `required_documents` json NULL;
