package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"vinhdanh/ent/hook"
	"vinhdanh/internal/enum"
)

// Nomination proposes one nominee, a collective or an individual, for one award level.
type Nomination struct{ ent.Schema }

// Fields of the Nomination.
func (Nomination) Fields() []ent.Field {
	return []ent.Field{
		// The nominee and the proposer never change: a wrong one is withdrawn and proposed anew.
		field.Enum("recipient_kind").GoType(enum.RecipientKind("")).Immutable().
			Annotations(entgql.Type("RecipientKind")),
		field.Int("collective_id").Optional().Nillable().Immutable(),
		field.Int("individual_id").Optional().Nillable().Immutable(),
		field.Int("level_id"),
		field.Int("movement_id").Optional().Nillable().
			Comment("The emulation movement the nomination is for, if any; awards of different movements are distinct."),
		field.Int("proposer_id").Immutable(),
		field.Int("reviewer_id").Optional().Nillable().
			Comment("The federation whose staff must act next; set on submission, moved up by forwarding.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Text("achievements").Optional().MaxLen(20000).SchemaType(map[string]string{dialect.MySQL: "text"}),
		field.Enum("status").
			Values("DRAFT", "SUBMITTED", "RETURNED", "APPROVED", "REJECTED", "AWARDED", "WITHDRAWN").
			Default("DRAFT").
			Annotations(entgql.OrderField("STATUS"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		// The key of the award the nomination asks for (see awardkey), kept by a hook, so
		// eligibility finds competing nominations with one indexed lookup.
		field.String("award_key").Optional().Nillable().MaxLen(120).
			Annotations(entgql.Skip(entgql.SkipAll), entsql.Annotation{Collation: "utf8mb4_bin"}),
		field.Int("version").Default(1).
			Comment("Optimistic-locking counter; every change increments it.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of the Nomination.
func (Nomination) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("collective", Collective.Type).Field("collective_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("individual", Individual.Type).Field("individual_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.Restrict)),
		edge.To("level", AwardLevel.Type).Field("level_id").Unique().Required(),
		edge.To("movement", EmulationMovement.Type).Field("movement_id").Unique(),
		edge.To("proposer", Collective.Type).Field("proposer_id").Unique().Required().Immutable(),
		edge.To("reviewer", Collective.Type).Field("reviewer_id").Unique().
			Annotations(readOnlyEdge),
		edge.From("events", NominationEvent.Type).Ref("nomination").
			Annotations(readOnlyEdge),
		edge.From("documents", NominationDocument.Type).Ref("nomination").
			Annotations(readOnlyEdge),
		edge.To("award", Award.Type).Unique().
			Annotations(readOnlyEdge),
	}
}

// Indexes of the Nomination.
func (Nomination) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "level_id"), index.Fields("proposer_id"), index.Fields("reviewer_id", "status"), index.Fields("award_key")}
}

// Mixin of the Nomination.
func (Nomination) Mixin() []ent.Mixin {
	return []ent.Mixin{TextMixin{}, PeriodMixin{}, TimeMixin{}, AuditMixin{}}
}

// Hooks of the Nomination.
func (Nomination) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(checkNominee, ent.OpCreate|ent.OpUpdateOne|ent.OpUpdate),
		checkNomineeInScope,
		keepKey(keyTarget{column: "award_key"}),
	}
}

// Annotations of the Nomination.
func (Nomination) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		textTable,
		entsql.Checks(map[string]string{
			"nomination_one_nominee": oneRecipientCheck,
		}),
	}
}
