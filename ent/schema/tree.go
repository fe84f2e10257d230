package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// The tree over time. A collective's parent is dated: each Affiliation says under which unit
// it stood from one day to another, and a Reorganisation is the dated, audited operation that
// closes and opens affiliations (moves, dissolutions, mergers, splits). TreePath is derived
// from the affiliations (internal/tree keeps it): every ancestor of every unit with the span
// of time it was an ancestor, so "the units under X during 2022-2023" is one indexed query.

// Affiliation is a collective's parent for a span of days: from valid_from (none: since
// always) up to, not including, valid_to (none: still).
type Affiliation struct{ ent.Schema }

// Fields of the Affiliation.
func (Affiliation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("collective_id").Immutable(),
		field.Int("parent_id").Immutable(),
		field.Time("valid_from").Optional().Nillable().Immutable().SchemaType(mysqlDate).
			Annotations(entgql.Type("Date"), entgql.OrderField("VALID_FROM")),
		field.Time("valid_to").Optional().Nillable().SchemaType(mysqlDate).
			Annotations(entgql.Type("Date")),
		field.Int("opened_by_id").Optional().Nillable().Immutable().
			Comment("The reorganisation that opened the affiliation; none for the unit's first parent."),
		field.Int("closed_by_id").Optional().Nillable().
			Comment("The reorganisation that closed it."),
		field.Time("cancelled_at").Optional().Nillable().SchemaType(mysqlDatetime).
			Comment("Set when the reorganisation that opened it was reverted: kept for the history, ignored by the tree."),
	}
}

// Edges of the Affiliation.
func (Affiliation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("collective", Collective.Type).Field("collective_id").Unique().Required().Immutable(),
		edge.To("parent", Collective.Type).Field("parent_id").Unique().Required().Immutable(),
		edge.To("opened_by", Reorganisation.Type).Field("opened_by_id").Unique().Immutable(),
		edge.To("closed_by", Reorganisation.Type).Field("closed_by_id").Unique(),
	}
}

// Indexes of the Affiliation.
func (Affiliation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("collective_id", "valid_from"), index.Fields("parent_id", "valid_from")}
}

// Annotations of the Affiliation.
func (Affiliation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)}
}

// Reorganisation is one dated change of the tree, recorded as a whole: units moved to new
// parents, units dissolved with their successors.
type Reorganisation struct{ ent.Schema }

// Fields of the Reorganisation.
func (Reorganisation) Fields() []ent.Field {
	return []ent.Field{
		field.Time("effective_on").SchemaType(mysqlDate).
			Annotations(entgql.Type("Date"), entgql.OrderField("EFFECTIVE_ON")),
		field.String("note").Optional().MaxLen(2000).
			Comment("The decision behind it, e.g. its number and date."),
		// Who recorded it is in the audit log, for administrators; the tree's history is public.
		field.Int("actor_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("reverted_at").Optional().Nillable().SchemaType(mysqlDatetime),
		field.String("revert_reason").Optional().MaxLen(2000),
	}
}

// Edges of the Reorganisation.
func (Reorganisation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("opened", Affiliation.Type).Ref("opened_by").Annotations(readOnlyEdge),
		edge.From("closed", Affiliation.Type).Ref("closed_by").Annotations(readOnlyEdge),
		edge.To("dissolved", Collective.Type).Annotations(readOnlyEdge),
	}
}

// Mixin of the Reorganisation.
func (Reorganisation) Mixin() []ent.Mixin {
	return []ent.Mixin{TextMixin{}, TimeMixin{}, AuditMixin{}}
}

// Annotations of the Reorganisation.
func (Reorganisation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput), textTable}
}

// TreePath says that ancestor was above descendant (or is the unit itself) from valid_from to,
// not including, valid_to. Derived from the affiliations; never written by hand.
type TreePath struct{ ent.Schema }

// Fields of the TreePath.
func (TreePath) Fields() []ent.Field {
	return []ent.Field{
		field.Int("ancestor_id"),
		field.Int("descendant_id"),
		field.Time("valid_from").Optional().Nillable().SchemaType(mysqlDate),
		field.Time("valid_to").Optional().Nillable().SchemaType(mysqlDate),
		field.Int("depth"),
	}
}

// Indexes of the TreePath: the subtree of a unit, and the ancestors of a unit. The subtree's
// index covers both ends of each path's validity, so the units under a root during a period
// are read from the index alone: a national roll checks 5,000 paths twice a page, and a row
// lookup for each valid_to cost it a third of its time.
func (TreePath) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("ancestor_id", "descendant_id", "valid_from", "valid_to"),
		index.Fields("descendant_id", "ancestor_id"),
	}
}

// Annotations of the TreePath.
func (TreePath) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll), entsql.Annotation{Table: "tree_paths"}}
}
