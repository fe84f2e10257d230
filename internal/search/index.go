// Package search finds collectives and individuals by name, ignoring case and Vietnamese
// diacritics. Names are split into folded words (textfold.Tokens) stored in the search_terms
// table; a query looks each typed word up as a prefix through that table's index, so it never
// scans names, and it behaves the same on SQLite and MySQL because all folding happens in Go.
package search

import (
	"context"
	"fmt"

	"vinhdanh/ent"
	"vinhdanh/ent/predicate"
	"vinhdanh/ent/searchterm"
	"vinhdanh/internal/textfold"
)

// maxTermLen matches the column size of search_terms.term.
const maxTermLen = 100

// IndexCollective replaces the search terms of a collective with the words of its names.
func IndexCollective(ctx context.Context, c *ent.Client, id int, names ...string) error {
	return reindex(ctx, c, "collective", id, searchterm.CollectiveID(id),
		func(b *ent.SearchTermCreate) { b.SetCollectiveID(id) }, names)
}

// IndexIndividual replaces the search terms of an individual with the words of the name.
func IndexIndividual(ctx context.Context, c *ent.Client, id int, name string) error {
	return reindex(ctx, c, "individual", id, searchterm.IndividualID(id),
		func(b *ent.SearchTermCreate) { b.SetIndividualID(id) }, []string{name})
}

func reindex(ctx context.Context, c *ent.Client, kind string, id int, owned predicate.SearchTerm,
	owner func(*ent.SearchTermCreate), names []string) error {
	if _, err := c.SearchTerm.Delete().Where(owned).Exec(ctx); err != nil {
		return fmt.Errorf("clear search terms of %s %d: %w", kind, id, err)
	}
	if err := c.SearchTerm.CreateBulk(terms(c, names, owner)...).Exec(ctx); err != nil {
		return fmt.Errorf("index %s %d: %w", kind, id, err)
	}
	return nil
}

// terms builds one row per distinct folded word of the names.
func terms(c *ent.Client, names []string, owner func(*ent.SearchTermCreate)) []*ent.SearchTermCreate {
	var builders []*ent.SearchTermCreate
	for _, w := range Words(names...) {
		b := c.SearchTerm.Create().SetTerm(w.Term).SetPosition(w.Position)
		owner(b)
		builders = append(builders, b)
	}
	return builders
}

// Word is one row of the search index: a distinct folded word of a name and its position.
type Word struct {
	Term     string
	Position int
}

// Words returns the index rows of the names: what the hooks write, and what bulk loaders
// (bench) must write too.
func Words(names ...string) []Word {
	seen := map[string]bool{}
	var out []Word
	for _, name := range names {
		for i, word := range textfold.Tokens(name) {
			if seen[word] || len(word) > maxTermLen {
				continue
			}
			seen[word] = true
			out = append(out, Word{word, i})
		}
	}
	return out
}
