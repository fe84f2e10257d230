// Package search finds collectives and individuals by name, ignoring case and Vietnamese
// diacritics. Names are split into folded words (textfold.Tokens) stored in the search_terms
// table; a query looks each typed word up as a prefix through that table's index, so it never
// scans names, and it behaves the same on SQLite and MySQL because all folding happens in Go.
package search

import (
	"context"
	"fmt"

	"vinhdanh/ent"
	"vinhdanh/ent/searchterm"
	"vinhdanh/internal/textfold"
)

// maxTermLen matches the column size of search_terms.term.
const maxTermLen = 100

// IndexCollective replaces the search terms of a collective with the words of its names.
func IndexCollective(ctx context.Context, c *ent.Client, id int, names ...string) error {
	if _, err := c.SearchTerm.Delete().Where(searchterm.CollectiveID(id)).Exec(ctx); err != nil {
		return fmt.Errorf("clear search terms of collective %d: %w", id, err)
	}
	builders := terms(c, names, func(b *ent.SearchTermCreate) { b.SetCollectiveID(id) })
	if err := c.SearchTerm.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("index collective %d: %w", id, err)
	}
	return nil
}

// IndexIndividual replaces the search terms of an individual with the words of the name.
func IndexIndividual(ctx context.Context, c *ent.Client, id int, name string) error {
	if _, err := c.SearchTerm.Delete().Where(searchterm.IndividualID(id)).Exec(ctx); err != nil {
		return fmt.Errorf("clear search terms of individual %d: %w", id, err)
	}
	builders := terms(c, []string{name}, func(b *ent.SearchTermCreate) { b.SetIndividualID(id) })
	if err := c.SearchTerm.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("index individual %d: %w", id, err)
	}
	return nil
}

// terms builds one row per distinct folded word of the names.
func terms(c *ent.Client, names []string, owner func(*ent.SearchTermCreate)) []*ent.SearchTermCreate {
	seen := map[string]bool{}
	var builders []*ent.SearchTermCreate
	for _, name := range names {
		for i, word := range textfold.Tokens(name) {
			if seen[word] || len(word) > maxTermLen {
				continue
			}
			seen[word] = true
			b := c.SearchTerm.Create().SetTerm(word).SetPosition(i)
			owner(b)
			builders = append(builders, b)
		}
	}
	return builders
}
