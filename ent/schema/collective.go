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
	"vinhdanh/internal/enum"
)

// Collective is an organisational unit (tập thể): the confederation, a city or district
// federation, a sector union, a grassroots union, a school, or a state or Party body that
// issues or co-presents awards. All of them form one tree.
type Collective struct{ ent.Schema }

// Fields of the Collective.
func (Collective) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(300),
		// Ordering by NAME uses this Vietnamese collation key, computed in Go by a hook, so
		// SQLite and MySQL order units alike.
		field.String("name_key").Optional().MaxLen(400).
			Annotations(sortKeyField("NAME")...),
		field.String("short_name").Optional().MaxLen(100),
		field.Enum("kind").GoType(enum.CollectiveKind("")).
			Annotations(entgql.Type("CollectiveKind"), entgql.OrderField("KIND")),
		field.Enum("tier").GoType(enum.Tier("")).
			Annotations(entgql.Type("Tier"), entgql.OrderField("TIER")),
		field.Enum("ownership").Values("PUBLIC", "NON_PUBLIC").Optional().Nillable().
			Comment("Công lập or ngoài công lập, for schools and their unions."),
		field.Time("founded_on").Optional().Nillable().SchemaType(mysqlDate).
			Annotations(entgql.Type("Date"), entgql.OrderField("FOUNDED_ON")),
		field.Time("dissolved_on").Optional().Nillable().SchemaType(mysqlDate).
			Annotations(entgql.Type("Date")),
		field.String("note").Optional().MaxLen(2000),
		field.Int("parent_id").Optional().Nillable(),
		field.Int("counterpart_id").Optional().Nillable().
			Comment("For a union, the unit of the state line it belongs to: a school's union, the school. The levels a school's head, a Phòng or a Sở gives its members are issued along that line."),
	}
}

// Edges of the Collective.
func (Collective) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Collective.Type).
			Annotations(entgql.RelayConnection(), readOnlyEdge).
			From("parent").Field("parent_id").Unique(),
		// A union's counterpart in the state line (internal/tree.IssuerFor).
		edge.To("unions", Collective.Type).
			Annotations(readOnlyEdge).
			From("counterpart").Field("counterpart_id").Unique(),
		// A merger links the dissolved units to the new one; a split links one to several.
		edge.To("successors", Collective.Type).
			From("predecessors"),
		edge.From("positions", Position.Type).Ref("collective").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("awards", Award.Type).Ref("collective").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("nominations", Nomination.Type).Ref("collective").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("proposed_nominations", Nomination.Type).Ref("proposer").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("review_queue", Nomination.Type).Ref("reviewer").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("users", User.Type).Ref("scope").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("issued_decisions", Decision.Type).Ref("issuer").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("organized_ceremonies", Ceremony.Type).Ref("organizer").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("co_organized_ceremonies", Ceremony.Type).Ref("co_organizers").
			Annotations(readOnlyEdge),
		edge.From("launched_movements", EmulationMovement.Type).Ref("launchers").
			Annotations(readOnlyEdge),
		edge.To("search_terms", SearchTerm.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipAll)),
		// The unit's parents over time; parent is the one it has now.
		edge.From("affiliations", Affiliation.Type).Ref("collective").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("issued_levels", AwardLevel.Type).Ref("issuers").
			Annotations(readOnlyEdge),
		edge.From("dissolved_by", Reorganisation.Type).Ref("dissolved").Unique().
			Annotations(readOnlyEdge),
	}
}

// Indexes of the Collective.
func (Collective) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("kind"),
		index.Fields("tier"),
	}
}

// Hooks of the Collective.
func (Collective) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(reindexCollective, ent.OpCreate|ent.OpUpdateOne),
		hook.On(keepTree, ent.OpCreate|ent.OpUpdateOne),
		hook.On(checkCounterpart, ent.OpCreate|ent.OpUpdateOne),
		hook.On(hook.Reject(ent.OpUpdate), ent.OpUpdate),
	}
}

// Mixin of the Collective.
func (Collective) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, TimeMixin{}, AuditMixin{}} }

// Annotations of the Collective.
func (Collective) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		textTable,
	}
}
