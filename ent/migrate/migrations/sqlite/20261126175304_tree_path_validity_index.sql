-- Drop index "treepath_ancestor_id_descendant_id_valid_from" from table: "tree_paths"
DROP INDEX `treepath_ancestor_id_descendant_id_valid_from`;
-- Create index "treepath_ancestor_id_descendant_id_valid_from_valid_to" to table: "tree_paths"
CREATE INDEX `treepath_ancestor_id_descendant_id_valid_from_valid_to` ON `tree_paths` (`ancestor_id`, `descendant_id`, `valid_from`, `valid_to`);
