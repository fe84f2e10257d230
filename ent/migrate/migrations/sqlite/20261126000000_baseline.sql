-- Create "affiliations" table
CREATE TABLE `affiliations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `valid_from` datetime NULL, `valid_to` datetime NULL, `cancelled_at` datetime NULL, `collective_id` integer NOT NULL, `parent_id` integer NOT NULL, `opened_by_id` integer NULL, `closed_by_id` integer NULL, CONSTRAINT `affiliations_reorganisations_closed_by` FOREIGN KEY (`closed_by_id`) REFERENCES `reorganisations` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `affiliations_reorganisations_opened_by` FOREIGN KEY (`opened_by_id`) REFERENCES `reorganisations` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `affiliations_collectives_parent` FOREIGN KEY (`parent_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT `affiliations_collectives_collective` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "affiliation_collective_id_valid_from" to table: "affiliations"
CREATE INDEX `affiliation_collective_id_valid_from` ON `affiliations` (`collective_id`, `valid_from`);
-- Create index "affiliation_parent_id_valid_from" to table: "affiliations"
CREATE INDEX `affiliation_parent_id_valid_from` ON `affiliations` (`parent_id`, `valid_from`);
-- Create "audit_events" table
CREATE TABLE `audit_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `action` text NOT NULL, `entity_type` text NOT NULL, `entity_id` integer NULL, `before` text NULL, `after` text NULL, `request_id` text NULL, `create_time` datetime NOT NULL, `actor_id` integer NULL, CONSTRAINT `audit_events_users_actor` FOREIGN KEY (`actor_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "auditevent_entity_type_entity_id" to table: "audit_events"
CREATE INDEX `auditevent_entity_type_entity_id` ON `audit_events` (`entity_type`, `entity_id`);
-- Create index "auditevent_create_time" to table: "audit_events"
CREATE INDEX `auditevent_create_time` ON `audit_events` (`create_time`);
-- Create "awards" table
CREATE TABLE `awards` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `period_kind` text NULL, `period_start_year` integer NULL, `period_end_year` integer NULL, `period_from` datetime NULL, `period_to` datetime NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `recipient_kind` text NOT NULL, `citation` text NULL, `recorded_from` text NULL, `recipient_name` text NOT NULL, `recipient_position` text NULL, `recipient_unit` text NULL, `public` bool NOT NULL DEFAULT true, `revoked_at` datetime NULL, `roll_key` text NULL, `revocation_reason` text NULL, `active_key` text NULL, `collective_id` integer NULL, `individual_id` integer NULL, `level_id` integer NOT NULL, `decision_id` integer NULL, `ceremony_id` integer NULL, `movement_id` integer NULL, `nomination_id` integer NULL, CONSTRAINT `awards_nominations_award` FOREIGN KEY (`nomination_id`) REFERENCES `nominations` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `awards_emulation_movements_movement` FOREIGN KEY (`movement_id`) REFERENCES `emulation_movements` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `awards_ceremonies_ceremony` FOREIGN KEY (`ceremony_id`) REFERENCES `ceremonies` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `awards_decisions_decision` FOREIGN KEY (`decision_id`) REFERENCES `decisions` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `awards_award_levels_level` FOREIGN KEY (`level_id`) REFERENCES `award_levels` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT `awards_individuals_individual` FOREIGN KEY (`individual_id`) REFERENCES `individuals` (`id`) ON UPDATE NO ACTION ON DELETE RESTRICT, CONSTRAINT `awards_collectives_collective` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE RESTRICT, CONSTRAINT `award_one_recipient` CHECK ((recipient_kind = 'COLLECTIVE' AND collective_id IS NOT NULL AND individual_id IS NULL) OR (recipient_kind = 'INDIVIDUAL' AND individual_id IS NOT NULL AND collective_id IS NULL)));
-- Create index "awards_nomination_id_key" to table: "awards"
CREATE UNIQUE INDEX `awards_nomination_id_key` ON `awards` (`nomination_id`);
-- Create index "award_ceremony_id_level_id" to table: "awards"
CREATE INDEX `award_ceremony_id_level_id` ON `awards` (`ceremony_id`, `level_id`);
-- Create index "award_collective_roll" to table: "awards"
CREATE INDEX `award_collective_roll` ON `awards` (`collective_id`, `period_start_year`, `period_kind`, `period_end_year`, `public`, `revoked_at`, `level_id`, `roll_key`);
-- Create index "award_individual_roll" to table: "awards"
CREATE INDEX `award_individual_roll` ON `awards` (`individual_id`, `period_start_year`, `period_kind`, `period_end_year`, `public`, `revoked_at`, `level_id`, `roll_key`);
-- Create index "award_level_id_period_kind_period_start_year" to table: "awards"
CREATE INDEX `award_level_id_period_kind_period_start_year` ON `awards` (`level_id`, `period_kind`, `period_start_year`);
-- Create index "award_decision_id" to table: "awards"
CREATE INDEX `award_decision_id` ON `awards` (`decision_id`);
-- Create index "award_roll_key" to table: "awards"
CREATE INDEX `award_roll_key` ON `awards` (`roll_key`);
-- Create index "award_active_key" to table: "awards"
CREATE UNIQUE INDEX `award_active_key` ON `awards` (`active_key`);
-- Create index "award_tally" to table: "awards"
CREATE INDEX `award_tally` ON `awards` (`level_id`, `recipient_kind`, `public`, `revoked_at`, `collective_id`, `individual_id`);
-- Create "award_levels" table
CREATE TABLE `award_levels` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `code` text NOT NULL, `name` text NOT NULL, `category` text NOT NULL, `tier` text NOT NULL, `issuer_kind` text NOT NULL, `rank` integer NOT NULL, `accepts_collective` bool NOT NULL, `accepts_individual` bool NOT NULL, `description` text NULL, `active` bool NOT NULL DEFAULT true);
-- Create index "award_levels_code_key" to table: "award_levels"
CREATE UNIQUE INDEX `award_levels_code_key` ON `award_levels` (`code`);
-- Create "ceremonies" table
CREATE TABLE `ceremonies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `period_kind` text NULL, `period_start_year` integer NULL, `period_end_year` integer NULL, `period_from` datetime NULL, `period_to` datetime NULL, `name` text NOT NULL, `held_on` datetime NULL, `part_of_day` text NULL, `place` text NULL, `description` text NULL, `organizer_id` integer NOT NULL, CONSTRAINT `ceremonies_collectives_organizer` FOREIGN KEY (`organizer_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "ceremony_held_on" to table: "ceremonies"
CREATE INDEX `ceremony_held_on` ON `ceremonies` (`held_on`);
-- Create "ceremony_presenters" table
CREATE TABLE `ceremony_presenters` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `role` text NOT NULL, `presented` text NULL, `ceremony_id` integer NOT NULL, `individual_id` integer NOT NULL, CONSTRAINT `ceremony_presenters_individuals_individual` FOREIGN KEY (`individual_id`) REFERENCES `individuals` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT `ceremony_presenters_ceremonies_ceremony` FOREIGN KEY (`ceremony_id`) REFERENCES `ceremonies` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "ceremonypresenter_ceremony_id_individual_id" to table: "ceremony_presenters"
CREATE UNIQUE INDEX `ceremonypresenter_ceremony_id_individual_id` ON `ceremony_presenters` (`ceremony_id`, `individual_id`);
-- Create "collectives" table
CREATE TABLE `collectives` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `name_key` text NULL, `short_name` text NULL, `kind` text NOT NULL, `tier` text NOT NULL, `ownership` text NULL, `founded_on` datetime NULL, `dissolved_on` datetime NULL, `note` text NULL, `parent_id` integer NULL, `reorganisation_dissolved` integer NULL, CONSTRAINT `collectives_reorganisations_dissolved` FOREIGN KEY (`reorganisation_dissolved`) REFERENCES `reorganisations` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `collectives_collectives_children` FOREIGN KEY (`parent_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "collective_kind" to table: "collectives"
CREATE INDEX `collective_kind` ON `collectives` (`kind`);
-- Create index "collective_tier" to table: "collectives"
CREATE INDEX `collective_tier` ON `collectives` (`tier`);
-- Create "decisions" table
CREATE TABLE `decisions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `number` text NOT NULL, `signed_on` datetime NULL, `signer_name` text NULL, `signer_title` text NULL, `note` text NULL, `document_reference` text NULL, `issuer_id` integer NOT NULL, CONSTRAINT `decisions_collectives_issuer` FOREIGN KEY (`issuer_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "decision_issuer_id_number" to table: "decisions"
CREATE UNIQUE INDEX `decision_issuer_id_number` ON `decisions` (`issuer_id`, `number`);
-- Create "decision_amendments" table
CREATE TABLE `decision_amendments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `reason` text NOT NULL, `before` text NOT NULL, `after` text NOT NULL, `actor_id` integer NULL, `actor_name` text NULL, `create_time` datetime NOT NULL, `decision_id` integer NOT NULL, CONSTRAINT `decision_amendments_decisions_decision` FOREIGN KEY (`decision_id`) REFERENCES `decisions` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "decisionamendment_decision_id_create_time" to table: "decision_amendments"
CREATE INDEX `decisionamendment_decision_id_create_time` ON `decision_amendments` (`decision_id`, `create_time`);
-- Create "eligibility_rules" table
CREATE TABLE `eligibility_rules` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `min_count` integer NOT NULL DEFAULT 1, `within_years` integer NOT NULL DEFAULT 0, `description` text NULL, `level_id` integer NOT NULL, `required_level_id` integer NOT NULL, CONSTRAINT `eligibility_rules_award_levels_required_level` FOREIGN KEY (`required_level_id`) REFERENCES `award_levels` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT `eligibility_rules_award_levels_level` FOREIGN KEY (`level_id`) REFERENCES `award_levels` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create "emulation_movements" table
CREATE TABLE `emulation_movements` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `period_kind` text NULL, `period_start_year` integer NULL, `period_end_year` integer NULL, `period_from` datetime NULL, `period_to` datetime NULL, `name` text NOT NULL, `kind` text NOT NULL, `description` text NULL, `launched_on` datetime NULL);
-- Create "individuals" table
CREATE TABLE `individuals` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `full_name` text NOT NULL, `name_key` text NULL, `gender` text NULL, `birth_year` integer NULL, `email` text NULL, `phone` text NULL);
-- Create "nominations" table
CREATE TABLE `nominations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `period_kind` text NULL, `period_start_year` integer NULL, `period_end_year` integer NULL, `period_from` datetime NULL, `period_to` datetime NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `recipient_kind` text NOT NULL, `achievements` text NULL, `status` text NOT NULL DEFAULT 'DRAFT', `award_key` text NULL, `version` integer NOT NULL DEFAULT 1, `collective_id` integer NULL, `individual_id` integer NULL, `level_id` integer NOT NULL, `movement_id` integer NULL, `proposer_id` integer NOT NULL, `reviewer_id` integer NULL, CONSTRAINT `nominations_collectives_reviewer` FOREIGN KEY (`reviewer_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `nominations_collectives_proposer` FOREIGN KEY (`proposer_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT `nominations_emulation_movements_movement` FOREIGN KEY (`movement_id`) REFERENCES `emulation_movements` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `nominations_award_levels_level` FOREIGN KEY (`level_id`) REFERENCES `award_levels` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT `nominations_individuals_individual` FOREIGN KEY (`individual_id`) REFERENCES `individuals` (`id`) ON UPDATE NO ACTION ON DELETE RESTRICT, CONSTRAINT `nominations_collectives_collective` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE RESTRICT, CONSTRAINT `nomination_one_nominee` CHECK ((recipient_kind = 'COLLECTIVE' AND collective_id IS NOT NULL AND individual_id IS NULL) OR (recipient_kind = 'INDIVIDUAL' AND individual_id IS NOT NULL AND collective_id IS NULL)));
-- Create index "nomination_status_level_id" to table: "nominations"
CREATE INDEX `nomination_status_level_id` ON `nominations` (`status`, `level_id`);
-- Create index "nomination_proposer_id" to table: "nominations"
CREATE INDEX `nomination_proposer_id` ON `nominations` (`proposer_id`);
-- Create index "nomination_reviewer_id_status" to table: "nominations"
CREATE INDEX `nomination_reviewer_id_status` ON `nominations` (`reviewer_id`, `status`);
-- Create index "nomination_award_key" to table: "nominations"
CREATE INDEX `nomination_award_key` ON `nominations` (`award_key`);
-- Create "nomination_events" table
CREATE TABLE `nomination_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `action` text NOT NULL, `from_status` text NULL, `to_status` text NOT NULL, `actor_name` text NULL, `comment` text NULL, `create_time` datetime NOT NULL, `nomination_id` integer NOT NULL, `actor_id` integer NULL, CONSTRAINT `nomination_events_users_actor` FOREIGN KEY (`actor_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT `nomination_events_nominations_nomination` FOREIGN KEY (`nomination_id`) REFERENCES `nominations` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "nominationevent_nomination_id_create_time" to table: "nomination_events"
CREATE INDEX `nominationevent_nomination_id_create_time` ON `nomination_events` (`nomination_id`, `create_time`);
-- Create "positions" table
CREATE TABLE `positions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `title` text NOT NULL, `start_date` datetime NULL, `end_date` datetime NULL, `source` text NULL, `individual_id` integer NOT NULL, `collective_id` integer NOT NULL, CONSTRAINT `positions_collectives_collective` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT `positions_individuals_individual` FOREIGN KEY (`individual_id`) REFERENCES `individuals` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "position_individual_id_start_date" to table: "positions"
CREATE INDEX `position_individual_id_start_date` ON `positions` (`individual_id`, `start_date`);
-- Create index "position_collective_id" to table: "positions"
CREATE INDEX `position_collective_id` ON `positions` (`collective_id`);
-- Create "refresh_tokens" table
CREATE TABLE `refresh_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `token_hash` text NOT NULL, `family` text NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL, `revoked_at` datetime NULL, `user_id` integer NOT NULL, CONSTRAINT `refresh_tokens_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX `refresh_tokens_token_hash_key` ON `refresh_tokens` (`token_hash`);
-- Create index "refreshtoken_family_revoked_at" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_family_revoked_at` ON `refresh_tokens` (`family`, `revoked_at`);
-- Create "reorganisations" table
CREATE TABLE `reorganisations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `effective_on` datetime NOT NULL, `note` text NULL, `actor_id` integer NULL, `reverted_at` datetime NULL, `revert_reason` text NULL);
-- Create "search_terms" table
CREATE TABLE `search_terms` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `term` text NOT NULL, `position` integer NOT NULL, `collective_id` integer NULL, `individual_id` integer NULL, CONSTRAINT `search_terms_individuals_search_terms` FOREIGN KEY (`individual_id`) REFERENCES `individuals` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT `search_terms_collectives_search_terms` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create index "searchterm_term" to table: "search_terms"
CREATE INDEX `searchterm_term` ON `search_terms` (`term`);
-- Create index "searchterm_individual_id_term" to table: "search_terms"
CREATE INDEX `searchterm_individual_id_term` ON `search_terms` (`individual_id`, `term`);
-- Create index "searchterm_collective_id_term" to table: "search_terms"
CREATE INDEX `searchterm_collective_id_term` ON `search_terms` (`collective_id`, `term`);
-- Create "tree_paths" table
CREATE TABLE `tree_paths` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `ancestor_id` integer NOT NULL, `descendant_id` integer NOT NULL, `valid_from` datetime NULL, `valid_to` datetime NULL, `depth` integer NOT NULL);
-- Create index "treepath_ancestor_id_descendant_id_valid_from" to table: "tree_paths"
CREATE INDEX `treepath_ancestor_id_descendant_id_valid_from` ON `tree_paths` (`ancestor_id`, `descendant_id`, `valid_from`);
-- Create index "treepath_descendant_id_ancestor_id" to table: "tree_paths"
CREATE INDEX `treepath_descendant_id_ancestor_id` ON `tree_paths` (`descendant_id`, `ancestor_id`);
-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `email` text NOT NULL, `password_hash` text NOT NULL, `display_name` text NOT NULL, `role` text NOT NULL, `active` bool NOT NULL DEFAULT true, `scope_id` integer NULL, CONSTRAINT `users_collectives_scope` FOREIGN KEY (`scope_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- Create "ceremony_co_organizers" table
CREATE TABLE `ceremony_co_organizers` (`ceremony_id` integer NOT NULL, `collective_id` integer NOT NULL, PRIMARY KEY (`ceremony_id`, `collective_id`), CONSTRAINT `ceremony_co_organizers_collective_id` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT `ceremony_co_organizers_ceremony_id` FOREIGN KEY (`ceremony_id`) REFERENCES `ceremonies` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "collective_successors" table
CREATE TABLE `collective_successors` (`collective_id` integer NOT NULL, `predecessor_id` integer NOT NULL, PRIMARY KEY (`collective_id`, `predecessor_id`), CONSTRAINT `collective_successors_predecessor_id` FOREIGN KEY (`predecessor_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT `collective_successors_collective_id` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "emulation_movement_launchers" table
CREATE TABLE `emulation_movement_launchers` (`emulation_movement_id` integer NOT NULL, `collective_id` integer NOT NULL, PRIMARY KEY (`emulation_movement_id`, `collective_id`), CONSTRAINT `emulation_movement_launchers_collective_id` FOREIGN KEY (`collective_id`) REFERENCES `collectives` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT `emulation_movement_launchers_emulation_movement_id` FOREIGN KEY (`emulation_movement_id`) REFERENCES `emulation_movements` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE);
-- The global id ranges of the tables
INSERT INTO `sqlite_sequence` (`name`, `seq`) VALUES ('awards', 0), ('award_levels', 4294967296), ('ceremonies', 8589934592), ('ceremony_presenters', 12884901888), ('collectives', 17179869184), ('decisions', 21474836480), ('emulation_movements', 25769803776), ('individuals', 30064771072), ('nominations', 34359738368), ('positions', 38654705664), ('search_terms', 42949672960), ('audit_events', 47244640256), ('eligibility_rules', 51539607552), ('nomination_events', 55834574848), ('refresh_tokens', 60129542144), ('users', 64424509440), ('affiliations', 68719476736), ('reorganisations', 73014444032), ('tree_paths', 77309411328), ('decision_amendments', 81604378624);
