package schema

import (
	"context"
	"fmt"
	"regexp"

	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"

	"vinhdanh/internal/textfold"
)

// textTable makes every text column of a table compare exactly on MySQL, as SQLite does:
// utf8mb4_vietnamese_ci ignores tone marks, so a filter on "Nguyễn Thị Thúy" would also
// return Thùy, Thủy and Thuy on MySQL and only her on SQLite. One meaning for a filter on every
// database: comparisons are binary (after NFC, see TextMixin), folding is done by the API
// (graph/filter.go) and by search (SearchTerm), and Vietnamese order comes from collation
// keys computed in Go (name_key, roll_key).
var textTable = entsql.Annotation{Charset: "utf8mb4", Collation: "utf8mb4_bin"}

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

// TextMixin stores every string field in canonical form: NFC, without surrounding spaces, and
// with single spaces inside names and titles, so the same words typed on two keyboards are
// one string and exact filters find them on every database.
type TextMixin struct{ mixin.Schema }

// Hooks of the TextMixin.
func (TextMixin) Hooks() []ent.Hook { return []ent.Hook{canonicalText} }

// freeText are the fields whose line breaks and spacing are the writer's: they are only put
// in NFC and trimmed.
var freeText = map[string]bool{
	"achievements": true, "citation": true, "description": true, "note": true, "comment": true,
	"revocation_reason": true, "source": true, "password_hash": true,
}

func canonicalText(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		for _, name := range m.Fields() {
			v, _ := m.Field(name)
			s, ok := v.(string)
			if !ok {
				continue
			}
			c := textfold.Canonical(s)
			if !freeText[name] {
				c = textfold.NFC(s)
			}
			if c != s {
				if err := m.SetField(name, c); err != nil {
					return nil, fmt.Errorf("canonical %s: %w", name, err)
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}
