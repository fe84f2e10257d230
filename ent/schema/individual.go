package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"vinhdanh/ent/hook"
)

// Individual is a person (cá nhân) who holds positions and receives awards.
type Individual struct{ ent.Schema }

// Fields of the Individual.
func (Individual) Fields() []ent.Field {
	return []ent.Field{
		field.String("full_name").NotEmpty().MaxLen(200).
			Comment("Family name first, in NFC."),
		// Ordering by FULL_NAME files people under their given name, in Vietnamese order, the
		// same on every database; a hook keeps it in step with full_name.
		field.String("name_key").Optional().MaxLen(400).
			Annotations(sortKeyField("FULL_NAME")...),
		field.Enum("gender").Values("FEMALE", "MALE").Optional().Nillable(),
		// Birth data is private: anonymous callers get an error, not a value.
		field.Int("birth_year").Optional().Nillable().Min(1900).Max(2100).
			Annotations(entgql.Directives(entgql.NewDirective("private")),
				entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)),
		// Contact data is private: it never appears in the GraphQL schema.
		field.String("email").Optional().MaxLen(254).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("phone").Optional().MaxLen(32).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Individual.
func (Individual) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("positions", Position.Type).Ref("individual").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("awards", Award.Type).Ref("individual").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("nominations", Nomination.Type).Ref("individual").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("presentations", CeremonyPresenter.Type).Ref("individual").
			Annotations(readOnlyEdge),
		edge.To("search_terms", SearchTerm.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipAll)),
	}
}

// Hooks of the Individual.
func (Individual) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(reindexIndividual, ent.OpCreate|ent.OpUpdateOne),
		hook.On(hook.Reject(ent.OpUpdate), ent.OpUpdate),
	}
}

// Mixin of the Individual.
func (Individual) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, TimeMixin{}, AuditMixin{}} }

// Annotations of the Individual.
func (Individual) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
		textTable,
	}
}
