-- Add column "required_documents" to table: "award_levels"
ALTER TABLE `award_levels` ADD COLUMN `required_documents` json NULL;
