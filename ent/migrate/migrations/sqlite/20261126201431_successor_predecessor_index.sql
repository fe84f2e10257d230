-- Create index "collective_successors_predecessor_id" to table: "collective_successors"
CREATE INDEX `collective_successors_predecessor_id` ON `collective_successors` (`predecessor_id`);
