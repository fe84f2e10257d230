-- Create "nomination_documents" table
CREATE TABLE `nomination_documents` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `filename` text NOT NULL, `content_type` text NOT NULL, `size` integer NOT NULL, `sha256` text NOT NULL, `storage_key` text NOT NULL, `create_time` datetime NOT NULL, `removed_at` datetime NULL, `nomination_id` integer NOT NULL, CONSTRAINT `nomination_documents_nominations_nomination` FOREIGN KEY (`nomination_id`) REFERENCES `nominations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "nomination_documents" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("nomination_documents", 85899345920);
-- Create index "nominationdocument_nomination_id_removed_at" to table: "nomination_documents"
CREATE INDEX `nominationdocument_nomination_id_removed_at` ON `nomination_documents` (`nomination_id`, `removed_at`);
