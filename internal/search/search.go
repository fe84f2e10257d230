package search

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"entgo.io/ent/dialect/sql"

	"vinhdanh/ent"
	"vinhdanh/ent/predicate"
	"vinhdanh/ent/searchterm"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/textfold"
)

// Limits of a search request.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	maxWords     = 8
	maxTextLen   = 200
	// maxCandidates bounds the rows a search loads and ranks, per kind of result.
	maxCandidates = 1000
)

// Loaders fetch the matched rows; the GraphQL layer passes loaders that eager-load the
// fields the client selected.
type Loaders struct {
	Collectives func(ctx context.Context, ids []int) ([]*ent.Collective, error)
	Individuals func(ctx context.Context, ids []int) ([]*ent.Individual, error)
}

// owners is the set of collectives and individuals a word matched.
type owners struct {
	collectives map[int]bool
	individuals map[int]bool
}

func (o owners) empty() bool { return len(o.collectives) == 0 && len(o.individuals) == 0 }

// Find returns up to limit collectives and individuals whose names contain every word of
// text as the start of a word, ignoring case and diacritics. Names that contain text exactly
// as typed come first, then names whose folded form equals or starts with the folded text,
// then the rest by name.
func Find(ctx context.Context, c *ent.Client, load Loaders, text string, limit int) ([]ent.Noder, error) {
	switch {
	case limit <= 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		return nil, apperr.Invalid("first", "first must be at most %d, got %d", MaxLimit, limit)
	}
	if len([]rune(text)) > maxTextLen {
		return nil, apperr.Invalid("text", "search text must be at most %d characters", maxTextLen)
	}
	words := distinct(textfold.Tokens(text))
	if len(words) == 0 {
		return nil, apperr.Invalid("text", "search text must contain a letter or a digit")
	}
	if len(words) > maxWords {
		return nil, apperr.Invalid("text", "search text must have at most %d words", maxWords)
	}
	// Start from the rarest word ("nguyen" matches a third of all people) and let the others
	// only narrow its matches: counting a prefix range reads nothing but the index.
	counts := make(map[string]int, len(words))
	for _, w := range words {
		n, err := c.SearchTerm.Query().Where(prefix(w)...).Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", text, err)
		}
		if n == 0 {
			return []ent.Noder{}, nil
		}
		counts[w] = n
	}
	sort.SliceStable(words, func(i, j int) bool { return counts[words[i]] < counts[words[j]] })
	var found owners
	for i, w := range words {
		matched, err := match(ctx, c, w, found, words[:i])
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", text, err)
		}
		if matched.empty() {
			return []ent.Noder{}, nil
		}
		found = matched
	}
	found.cap(maxCandidates)
	results, err := loadAll(ctx, load, found)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", text, err)
	}
	rank(results, text)
	if len(results) > limit {
		results = results[:limit]
	}
	nodes := make([]ent.Noder, len(results))
	for i, r := range results {
		nodes[i] = r.node
	}
	return nodes, nil
}

// MaxListed is how many owners are passed to the next word as a list of ids; more go as a
// subquery (SQLite refuses statements of more than 32,766 arguments). Tests lower it.
var MaxListed = 10_000

// match returns the owners of words starting with prefix, restricted to within (the owners of
// the previous words) unless there are none. The prefix becomes a range on the indexed term
// column. A few hundred owners are passed as a list; more (two common words, "nguyen thi")
// are matched as subqueries of the previous words, which no database limits in size.
func match(ctx context.Context, c *ent.Client, word string, within owners, previous []string) (owners, error) {
	preds := prefix(word)
	switch {
	case len(previous) == 0:
	case len(within.collectives)+len(within.individuals) <= MaxListed:
		preds = append(preds, searchterm.Or(
			searchterm.CollectiveIDIn(keys(within.collectives)...),
			searchterm.IndividualIDIn(keys(within.individuals)...),
		))
	default:
		for _, p := range previous {
			preds = append(preds, ownerOf(p))
		}
	}
	var rows []struct {
		CollectiveID sql.NullInt64 `json:"collective_id"`
		IndividualID sql.NullInt64 `json:"individual_id"`
	}
	err := c.SearchTerm.Query().Where(preds...).
		Select(searchterm.FieldCollectiveID, searchterm.FieldIndividualID).
		Scan(ctx, &rows)
	if err != nil {
		return owners{}, err
	}
	out := owners{collectives: map[int]bool{}, individuals: map[int]bool{}}
	for _, r := range rows {
		if r.CollectiveID.Valid {
			out.collectives[int(r.CollectiveID.Int64)] = true
		}
		if r.IndividualID.Valid {
			out.individuals[int(r.IndividualID.Int64)] = true
		}
	}
	return out, nil
}

// ownerOf keeps the terms whose owner also has a word starting with p.
func ownerOf(p string) predicate.SearchTerm {
	return func(s *sql.Selector) {
		t := sql.Table(searchterm.Table)
		owners := func(column string) *sql.Selector {
			sub := sql.Select(t.C(column)).From(t).Where(sql.GTE(t.C(searchterm.FieldTerm), p))
			if upper := textfold.PrefixUpperBound(p); upper != "" {
				sub.Where(sql.LT(t.C(searchterm.FieldTerm), upper))
			}
			return sub
		}
		s.Where(sql.Or(
			sql.In(s.C(searchterm.FieldCollectiveID), owners(searchterm.FieldCollectiveID)),
			sql.In(s.C(searchterm.FieldIndividualID), owners(searchterm.FieldIndividualID)),
		))
	}
}

// prefix matches the terms that start with word, as a range the term index serves.
func prefix(word string) []predicate.SearchTerm {
	preds := []predicate.SearchTerm{searchterm.TermGTE(word)}
	if upper := textfold.PrefixUpperBound(word); upper != "" {
		preds = append(preds, searchterm.TermLT(upper))
	}
	return preds
}

// cap keeps at most n owners, the oldest records first, so a one-word search for the most
// common family name still loads and ranks a bounded set.
func (o owners) cap(n int) {
	for _, m := range []map[int]bool{o.collectives, o.individuals} {
		if len(m) <= n {
			continue
		}
		for _, id := range keys(m)[n:] {
			delete(m, id)
		}
	}
}

type result struct {
	node ent.Noder
	name string
}

func loadAll(ctx context.Context, load Loaders, found owners) ([]result, error) {
	var results []result
	if ids := keys(found.collectives); len(ids) > 0 {
		cs, err := load.Collectives(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("load collectives: %w", err)
		}
		for _, col := range cs {
			results = append(results, result{node: col, name: col.Name})
		}
	}
	if ids := keys(found.individuals); len(ids) > 0 {
		ps, err := load.Individuals(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("load individuals: %w", err)
		}
		for _, p := range ps {
			results = append(results, result{node: p, name: p.FullName})
		}
	}
	return results, nil
}

// rank orders results: exact text with diacritics first, then folded equality, then folded
// prefix, then shorter names, then by name.
func rank(results []result, text string) {
	exact := strings.ToLower(textfold.NFC(text))
	folded := textfold.Fold(text)
	score := func(name string) int {
		s := 0
		if !strings.Contains(strings.ToLower(name), exact) {
			s += 4
		}
		switch f := textfold.Fold(name); {
		case f == folded:
		case strings.HasPrefix(f, folded):
			s++
		default:
			s += 2
		}
		return s
	}
	scores := make(map[string]int, len(results))
	for _, r := range results {
		scores[r.name] = score(r.name)
	}
	sort.SliceStable(results, func(i, j int) bool {
		a, b := results[i], results[j]
		if sa, sb := scores[a.name], scores[b.name]; sa != sb {
			return sa < sb
		}
		if len(a.name) != len(b.name) {
			return len(a.name) < len(b.name)
		}
		return a.name < b.name
	})
}

func distinct(words []string) []string {
	seen := map[string]bool{}
	out := words[:0]
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func keys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
