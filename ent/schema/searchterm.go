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

// SearchTerm is one folded word of a collective's or an individual's name. Search looks
// words up by prefix in this table's index instead of scanning names, and folds in Go so
// that SQLite and MySQL agree.
type SearchTerm struct{ ent.Schema }

// Fields of the SearchTerm.
func (SearchTerm) Fields() []ent.Field {
	return []ent.Field{
		// Binary collation: the prefix range scan compares code points.
		field.String("term").NotEmpty().MaxLen(100).
			Annotations(entsql.Annotation{Collation: "utf8mb4_bin"}),
		field.Int("position").Comment("Index of the word in the name."),
		field.Int("collective_id").Optional().Nillable(),
		field.Int("individual_id").Optional().Nillable(),
	}
}

// Edges of the SearchTerm.
func (SearchTerm) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("collective", Collective.Type).Ref("search_terms").Field("collective_id").Unique(),
		edge.From("individual", Individual.Type).Ref("search_terms").Field("individual_id").Unique(),
	}
}

// Indexes of the SearchTerm.
func (SearchTerm) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("term"),
		// An owner's terms: whether a candidate also has the other words of a search, and
		// what a rename replaces.
		index.Fields("individual_id", "term"),
		index.Fields("collective_id", "term"),
	}
}

// Annotations of the SearchTerm.
func (SearchTerm) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
