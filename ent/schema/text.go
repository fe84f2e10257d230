package schema

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
)

// vietnameseText sets the table collation for text that people read and sort:
// utf8mb4_vietnamese_ci orders ă after a, đ after d and ư after u, as a Vietnamese reader
// expects, on MySQL and MariaDB alike. Search never relies on it (see SearchTerm), and
// identifiers that must compare exactly (codes, decision numbers) override it per column
// with utf8mb4_bin.
var vietnameseText = entsql.Annotation{Charset: "utf8mb4", Collation: "utf8mb4_vietnamese_ci"}

// readOnlyEdge keeps an edge out of the generated mutation inputs: records on its other side
// are created through their own mutations and rules, never attached from here.
var readOnlyEdge = entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)

// sortKeyField hides a derived collation-key column from the API except as the order it
// provides.
func sortKeyField(order string) []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		entgql.OrderField(order),
		entsql.Annotation{Collation: "utf8mb4_bin"},
	}
}

// codePattern is the shape of stable machine codes such as CITY_BANG_KHEN.
var codePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// oneRecipientCheck backs the "exactly one recipient, of the stated kind" invariant with a
// database constraint, so no code path can write an award for two recipients or none.
// MySQL forbids referential actions on columns a CHECK reads, so the recipient foreign keys
// are ON DELETE RESTRICT, which is what history needs anyway.
const oneRecipientCheck = "((recipient_kind = 'COLLECTIVE' AND collective_id IS NOT NULL AND individual_id IS NULL) OR " +
	"(recipient_kind = 'INDIVIDUAL' AND individual_id IS NOT NULL AND collective_id IS NULL))"
