package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Position is a post an individual held in a collective over a span of time. Chairs change
// between articles, so positions are never a single field on the person.
type Position struct{ ent.Schema }

// Fields of the Position.
func (Position) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").NotEmpty().MaxLen(200).
			Annotations(entgql.OrderField("TITLE")),
		field.Int("individual_id"),
		field.Int("collective_id"),
		field.Time("start_date").Optional().Nillable().SchemaType(mysqlDate).
			Annotations(entgql.Type("Date"), entgql.OrderField("START_DATE")),
		field.Time("end_date").Optional().Nillable().SchemaType(mysqlDate).
			Annotations(entgql.Type("Date")),
		field.String("source").Optional().MaxLen(500).
			Comment("Where the position is attested, e.g. an article and its date."),
	}
}

// Edges of the Position.
func (Position) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("individual", Individual.Type).Field("individual_id").Unique().Required(),
		edge.To("collective", Collective.Type).Field("collective_id").Unique().Required(),
	}
}

// Indexes of the Position.
func (Position) Indexes() []ent.Index {
	return []ent.Index{index.Fields("individual_id", "start_date"), index.Fields("collective_id")}
}

// Mixin of the Position.
func (Position) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, AuditMixin{}} }

// Hooks of the Position.
func (Position) Hooks() []ent.Hook { return []ent.Hook{keepPostedPeople} }

// Annotations of the Position.
func (Position) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		textTable,
	}
}
