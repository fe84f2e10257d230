package schema

import (
	"entgo.io/ent"

	"vinhdanh/ent/privacy"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/viewer"
)

// Who may read and write what. Reads of the public record (units, people without contact
// data, the catalogue, ceremonies, decisions, public awards) are open to everyone; private
// records and every write need a signed-in viewer whose role and scope allow it.

const (
	fedAdmin = viewer.RoleFederationAdmin
	staff    = viewer.RoleStaff
)

func publicRead(mutation ...privacy.MutationRule) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysAllowRule()},
		Mutation: append(privacy.MutationPolicy{rule.AllowAdmin()}, mutation...),
	}
}

// Policy of the Collective.
func (Collective) Policy() ent.Policy {
	return publicRead(
		rule.DenyUnlessRoles("change collectives", fedAdmin),
		rule.InScope("change collectives", "parent_id", "id"),
	)
}

// Policy of the Individual: staff may record the people they nominate; only federation
// administrators correct existing records.
func (Individual) Policy() ent.Policy {
	return publicRead(
		rule.AllowRoles(fedAdmin),
		privacy.OnMutationOperation(rule.AllowRoles(staff), ent.OpCreate),
		rule.Deny("change individuals"),
	)
}

// Policy of the Position.
func (Position) Policy() ent.Policy {
	return publicRead(
		rule.DenyUnlessRoles("record positions", fedAdmin, staff),
		rule.InScope("record positions", "collective_id", "collective_id"),
	)
}

// Policy of the AwardLevel.
func (AwardLevel) Policy() ent.Policy { return publicRead(rule.Deny("change the award catalogue")) }

// Policy of the EligibilityRule.
func (EligibilityRule) Policy() ent.Policy {
	return publicRead(rule.Deny("change the award catalogue"))
}

// Policy of the EmulationMovement.
func (EmulationMovement) Policy() ent.Policy {
	return publicRead(rule.AllowRoles(fedAdmin), rule.Deny("change emulation movements"))
}

// Policy of the Ceremony.
func (Ceremony) Policy() ent.Policy {
	return publicRead(
		rule.DenyUnlessRoles("organise ceremonies", fedAdmin, staff),
		rule.InScope("organise ceremonies", "organizer_id", "organizer_id"),
	)
}

// Policy of the CeremonyPresenter.
func (CeremonyPresenter) Policy() ent.Policy {
	return publicRead(rule.DenyUnlessRoles("record presenters", fedAdmin, staff), rule.PresenterScope())
}

// Policy of the Decision.
func (Decision) Policy() ent.Policy {
	return publicRead(
		rule.DenyUnlessRoles("issue decisions", fedAdmin, staff),
		rule.AllowRecording(),
		rule.InScope("issue decisions", "issuer_id", "issuer_id"),
	)
}

// Policy of the DecisionAmendment: written with the amendment it records, by those who may
// change the decision.
func (DecisionAmendment) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{
			rule.DenyOps("change the history of a decision", ent.OpUpdate|ent.OpUpdateOne|ent.OpDelete|ent.OpDeleteOne),
			rule.AllowAdmin(),
			rule.DenyUnlessRoles("amend decisions", fedAdmin, staff),
			privacy.AlwaysAllowRule(),
		},
	}
}

// Policy of the SearchTerm: written only by the hooks of permitted writes.
func (SearchTerm) Policy() ent.Policy {
	return publicRead(rule.AllowRoles(fedAdmin, staff), rule.Deny("change the search index"))
}

// Policy of the Award.
func (Award) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.FilterAwards()},
		Mutation: privacy.MutationPolicy{
			rule.AllowAdmin(),
			rule.DenyUnlessRoles("confer awards", fedAdmin, staff),
			rule.PresentAwards(),
			rule.DenyOps("change conferred awards", ent.OpUpdate|ent.OpUpdateOne|ent.OpDelete|ent.OpDeleteOne),
			privacy.AlwaysAllowRule(),
		},
	}
}

// Policy of the Nomination.
func (Nomination) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.FilterNominations()},
		Mutation: privacy.MutationPolicy{
			rule.AllowAdmin(),
			rule.DenyUnlessRoles("change nominations", fedAdmin, staff),
			rule.DenyOps("delete nominations", ent.OpDelete|ent.OpDeleteOne),
			rule.NominationScope(),
		},
	}
}

// Policy of the NominationEvent.
func (NominationDocument) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.FilterNominationDocuments()},
		Mutation: privacy.MutationPolicy{
			rule.DenyOps("delete documents", ent.OpDelete|ent.OpDeleteOne),
			rule.AllowAdmin(),
			rule.DenyUnlessRoles("change nominations", fedAdmin, staff),
			privacy.AlwaysAllowRule(), // which nominations and when: internal/workflow.Attach
		},
	}
}

// Policy of the NominationEvent.
func (NominationEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.FilterNominationEvents()},
		Mutation: privacy.MutationPolicy{
			rule.DenyOps("rewrite nomination history", ^ent.OpCreate),
			rule.AllowAdmin(),
			rule.DenyUnlessRoles("change nominations", fedAdmin, staff),
			privacy.AlwaysAllowRule(),
		},
	}
}

// Policy of the User.
func (User) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.FilterUsers()},
		Mutation: privacy.MutationPolicy{
			rule.NoSelfGrants(),
			rule.AllowAdmin(),
			rule.DenyUnlessRoles("manage users", fedAdmin),
			rule.DenyOps("delete users", ent.OpDelete|ent.OpDeleteOne),
			rule.NoAdminGrants(),
			rule.InScope("manage users", "scope_id", "scope_id"),
		},
	}
}

// Policy of the RefreshToken: only the authentication service, acting as the system.
func (RefreshToken) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.Deny("read tokens")},
		Mutation: privacy.MutationPolicy{rule.Deny("change tokens")},
	}
}

// Policy of the AuditEvent: appended by every write, read by administrators, never changed.
func (AuditEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.AllowAdmin(), rule.Deny("read the audit log")},
		Mutation: privacy.MutationPolicy{
			rule.DenyOps("change the audit log", ^ent.OpCreate),
			privacy.AlwaysAllowRule(),
		},
	}
}

// Policy of the Affiliation: the tree's history, public, written only by internal/reorg
// (acting for the system once rule.MayReorganise has allowed the viewer).
func (Affiliation) Policy() ent.Policy {
	return publicRead(rule.Deny("change the tree's history directly"))
}

// Policy of the TreePath: derived, public, written only by internal/tree.
func (TreePath) Policy() ent.Policy { return publicRead(rule.Deny("change the tree's paths")) }

// Policy of the PostedAward: derived from public awards and positions, written only by
// internal/posted (in SQL, past the policy).
func (PostedAward) Policy() ent.Policy { return publicRead(rule.Deny("change the posted awards")) }

// Policy of the ListedAward: derived from public awards, positions and the tree, written only
// by internal/posted (in SQL, past the policy).
func (ListedAward) Policy() ent.Policy { return publicRead(rule.Deny("change the listed awards")) }

// Policy of the Reorganisation.
func (Reorganisation) Policy() ent.Policy {
	return publicRead(rule.Deny("record reorganisations directly"))
}

// Policy of the OutboxEvent: written by the workflow's hook, read by the dispatcher and the
// broker acting as the system; nobody else reads or changes it.
func (OutboxEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.Deny("read the outbox")},
		Mutation: privacy.MutationPolicy{rule.Deny("change the outbox")},
	}
}

// Policy of the Webhook: a federation's administrators manage its endpoints.
func (Webhook) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.FilterWebhooks()},
		Mutation: privacy.MutationPolicy{
			rule.DenyOps("delete webhooks", ent.OpDelete|ent.OpDeleteOne),
			rule.AllowAdmin(),
			rule.DenyUnlessRoles("manage webhooks", fedAdmin),
			rule.InScope("manage webhooks", "collective_id", "collective_id"),
		},
	}
}

// Policy of the WebhookDelivery: read with its webhook; written by the dispatcher (the
// system) and by internal/webhook.Redeliver once rule.MayManageWebhook has allowed it.
func (WebhookDelivery) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterWebhookDeliveries()},
		Mutation: privacy.MutationPolicy{rule.Deny("change webhook deliveries")},
	}
}

// Policy of the WebhookAttempt: the delivery log, read with its webhook, written by the
// dispatcher only.
func (WebhookAttempt) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterWebhookAttempts()},
		Mutation: privacy.MutationPolicy{rule.Deny("change the webhook log")},
	}
}
