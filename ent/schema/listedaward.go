package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"vinhdanh/internal/enum"
)

// ListedAward lists a public, unrevoked award of a period on the roll, with its descendants, of
// every unit whose roll holds it: its recipient unit, or a unit its recipient person was
// posted in, and every unit those lay under at some day of the award's period (the condition a
// period's roll applies). A city's roll of a school year is then one range of an index in roll
// order, whatever the city's size; found through its units, it reads and sorts every award of
// them. Derived from awards, positions and tree paths, never written by hand: internal/posted
// keeps it, from the award and position hooks and the tree's rebuild.
type ListedAward struct{ ent.Schema }

// Fields of the ListedAward: the award's roll columns under the names the award has, so the
// roll's conditions on awards (period, level, cursor) apply here unchanged.
func (ListedAward) Fields() []ent.Field {
	return []ent.Field{
		field.Int("award_id").Immutable(),
		field.Int("collective_id").Immutable().
			Comment("The unit on whose roll, with descendants, the award is."),
		field.Int("level_id"),
		field.Enum("period_kind").GoType(enum.PeriodKind("")),
		field.Int("period_start_year"),
		field.Int("period_end_year"),
		field.String("roll_key").Optional().MaxLen(400).
			Annotations(entsql.Annotation{Collation: "utf8mb4_bin"}),
	}
}

// Edges of the ListedAward: its rows go with its award.
func (ListedAward) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("award", Award.Type).Field("award_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the ListedAward: a unit's roll of a period in roll order, covering the level
// filter; an award's entries, for the hooks that rewrite them.
func (ListedAward) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("collective_id", "period_start_year", "period_kind", "period_end_year", "roll_key", "award_id", "level_id").
			StorageKey("listed_award_roll"),
		index.Fields("award_id", "collective_id").Unique(),
	}
}

// Annotations of the ListedAward.
func (ListedAward) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
