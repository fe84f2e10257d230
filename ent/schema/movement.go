package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// EmulationMovement is a phong trào thi đua or a cuộc vận động that awards can be given in.
type EmulationMovement struct{ ent.Schema }

// Fields of the EmulationMovement.
func (EmulationMovement) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(500).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Values("MOVEMENT", "CAMPAIGN", "PROGRAMME").
			Comment("MOVEMENT: phong trào thi đua; CAMPAIGN: cuộc vận động; PROGRAMME: a coordination programme or plan."),
		field.String("description").Optional().MaxLen(4000),
		field.Time("launched_on").Optional().Nillable().SchemaType(mysqlDate).
			Annotations(entgql.Type("Date"), entgql.OrderField("LAUNCHED_ON")),
	}
}

// Edges of the EmulationMovement.
func (EmulationMovement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("launchers", Collective.Type),
		edge.From("awards", Award.Type).Ref("movement").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
	}
}

// Mixin of the EmulationMovement.
func (EmulationMovement) Mixin() []ent.Mixin {
	return []ent.Mixin{TextMixin{}, PeriodMixin{}, AuditMixin{}}
}

// Annotations of the EmulationMovement.
func (EmulationMovement) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField("emulationMovements"),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		textTable,
	}
}
