package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"vinhdanh/ent/hook"
)

// NominationEvent is one step of a nomination's history: a transition, with who took it and
// why. Written in the transaction of the transition itself.
type NominationEvent struct{ ent.Schema }

// Fields of the NominationEvent.
func (NominationEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("nomination_id").Immutable(),
		field.String("action").NotEmpty().Immutable().
			Comment("CREATE, UPDATE, SUBMIT, RETURN, FORWARD, APPROVE, REJECT, WITHDRAW or AWARD."),
		field.String("from_status").Optional().Immutable(),
		field.String("to_status").Immutable(),
		field.Int("actor_id").Optional().Nillable().Immutable(),
		field.String("actor_name").Optional().Immutable().
			Comment("The actor's display name when they acted: shown to everyone who may see the nomination."),
		field.String("comment").Optional().MaxLen(4000).Immutable(),
		field.Time("create_time").Immutable().SchemaType(mysqlDatetime).
			Annotations(entgql.OrderField("CREATE_TIME")),
	}
}

// Edges of the NominationEvent.
func (NominationEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("nomination", Nomination.Type).Field("nomination_id").Unique().Required().Immutable(),
		edge.To("actor", User.Type).Field("actor_id").Unique().Immutable(),
	}
}

// Hooks of the NominationEvent: every step of the workflow is also an outbox row, written in
// the step's transaction (internal/outbox).
func (NominationEvent) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(writeOutbox, ent.OpCreate)}
}

// Mixin of the NominationEvent.
func (NominationEvent) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}} }

// Indexes of the NominationEvent.
func (NominationEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("nomination_id", "create_time")}
}

// Annotations of the NominationEvent.
func (NominationEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{textTable}
}

// AuditEvent records one change made through the API: who, what, the record before and after,
// and the request it came with. Nothing in the API updates or deletes audit events.
type AuditEvent struct{ ent.Schema }

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("actor_id").Optional().Nillable().Immutable(),
		field.String("action").NotEmpty().Immutable().
			Annotations(entgql.OrderField("ACTION")),
		field.String("entity_type").NotEmpty().Immutable(),
		field.Int("entity_id").Optional().Immutable(),
		field.Text("before").Optional().Immutable().Comment("JSON of the changed fields before the change."),
		field.Text("after").Optional().Immutable().Comment("JSON of the changed fields after the change."),
		field.String("request_id").Optional().Immutable(),
		field.Time("create_time").Immutable().SchemaType(mysqlDatetime).
			Annotations(entgql.OrderField("CREATE_TIME")),
	}
}

// Edges of the AuditEvent.
func (AuditEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("actor", User.Type).Field("actor_id").Unique().Immutable(),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("entity_type", "entity_id"), index.Fields("create_time")}
}

// Annotations of the AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		textTable,
		entsql.Annotation{Charset: "utf8mb4", Collation: "utf8mb4_bin"},
	}
}

// EligibilityRule is a prerequisite of an award level, kept as data because the rules change
// with each regulation: "count awards of required level within the last years periods of the
// same kind", e.g. Chiến sĩ thi đua cơ sở needs Lao động tiên tiến in the same year.
type EligibilityRule struct{ ent.Schema }

// Fields of the EligibilityRule.
func (EligibilityRule) Fields() []ent.Field {
	return []ent.Field{
		field.Int("level_id"),
		field.Int("required_level_id"),
		field.Int("min_count").Default(1).Min(1),
		field.Int("within_years").Default(0).Min(0).
			Comment("0: in the nomination's own period; n: in it or the n periods before."),
		field.String("description").Optional().MaxLen(1000),
	}
}

// Edges of the EligibilityRule.
func (EligibilityRule) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("level", AwardLevel.Type).Field("level_id").Unique().Required(),
		edge.To("required_level", AwardLevel.Type).Field("required_level_id").Unique().Required(),
	}
}

// Mixin of the EligibilityRule.
func (EligibilityRule) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, AuditMixin{}} }

// Annotations of the EligibilityRule.
func (EligibilityRule) Annotations() []schema.Annotation {
	return []schema.Annotation{textTable}
}
