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

// PostedAward files a person's public, unrevoked award under a unit the person holds or held a
// post in: one row per award and unit. An honor roll counts the awards of people posted in
// its units; read through the people, a city's roll costs a seek for each of its thousands of
// staff, read from here one range per unit. Derived from awards and positions, never written
// by hand: internal/posted keeps it, from the award and position hooks.
type PostedAward struct{ ent.Schema }

// Fields of the PostedAward: the award's roll columns under the names the award has, so the
// roll's conditions on awards (period, level, cursor) apply here unchanged.
func (PostedAward) Fields() []ent.Field {
	return []ent.Field{
		field.Int("award_id").Immutable(),
		field.Int("collective_id").Immutable().
			Comment("The unit of one of the recipient's posts."),
		field.Int("individual_id").Immutable(),
		field.Int("level_id"),
		field.Enum("period_kind").GoType(enum.PeriodKind("")).Optional().Nillable(),
		field.Int("period_start_year").Optional().Nillable(),
		field.Int("period_end_year").Optional().Nillable(),
		field.String("roll_key").Optional().MaxLen(400).
			Annotations(entsql.Annotation{Collation: "utf8mb4_bin"}),
	}
}

// Edges of the PostedAward: its row goes with its award.
func (PostedAward) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("award", Award.Type).Field("award_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the PostedAward: a unit's entries of a period, covering the roll's conditions
// and order; an award's and a person's entries, for the hooks that rewrite them.
func (PostedAward) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("collective_id", "period_start_year", "period_kind", "period_end_year", "level_id", "roll_key", "award_id").
			StorageKey("posted_award_roll"),
		index.Fields("award_id", "collective_id").Unique(),
		index.Fields("individual_id"),
	}
}

// Annotations of the PostedAward.
func (PostedAward) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
