-- Modify "tree_paths" table
ALTER TABLE `tree_paths` DROP INDEX `treepath_ancestor_id_descendant_id_valid_from`, ADD INDEX `treepath_ancestor_id_descendant_id_valid_from_valid_to` (`ancestor_id`, `descendant_id`, `valid_from`, `valid_to`);
