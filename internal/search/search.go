package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"golang.org/x/sync/errgroup"

	"vinhdanh/ent"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/individual"
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
)

// Candidates bounds the rows a search loads and ranks, per kind of result: the first owners
// of every word, by id. Tests lower it to see where a walk stops.
var Candidates = 1000

// Loaders fetch the matched rows; the GraphQL layer passes loaders that eager-load the
// fields the client selected.
type Loaders struct {
	Collectives func(ctx context.Context, ids []int) ([]*ent.Collective, error)
	Individuals func(ctx context.Context, ids []int) ([]*ent.Individual, error)
}

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
	// Find the first Candidates owners of every word, oldest first, then rank their names
	// and load only the page. Units are few: their own part of the term index answers
	// (owningUnits). For people, where a word is rare, its index range drives the lookup and
	// the other words are checked per owner; where every word is common ("nguyen thi" among
	// 200,000 people), owners are walked in id order and the walk stops at Candidates. The
	// counts that choose stop at the threshold: choosing never reads a common word's range.
	rarest, rarestCount := "", 0
	for _, w := range words {
		n, err := c.SearchTerm.Query().Where(prefix(w)...).Limit(CommonWord + 1).Select(searchterm.FieldID).Ints(ctx)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", text, err)
		}
		if len(n) == 0 {
			return []ent.Noder{}, nil
		}
		if len(n) <= CommonWord && (rarest == "" || len(n) < rarestCount) {
			rarest, rarestCount = w, len(n)
		}
	}
	// The units' and the people's candidates are two independent statements, each a few
	// milliseconds at national scale: run at once on two connections (one, in a transaction).
	var (
		cs []*ent.Collective
		ps []*ent.Individual
	)
	g, gctx := errgroup.WithContext(ctx)
	if c.InTx() {
		g.SetLimit(1)
	}
	g.Go(func() (err error) {
		cs, err = c.Collective.Query().Where(owningUnits(words)).
			Order(collective.ByID()).Limit(Candidates).Select(collective.FieldID, collective.FieldName, collective.FieldNameKey).All(gctx)
		if err != nil {
			return fmt.Errorf("search %q: collectives: %w", text, err)
		}
		return nil
	})
	g.Go(func() (err error) {
		ps, err = c.Individual.Query().Where(owning(individual.FieldID, searchterm.FieldIndividualID, words, rarest)).
			Order(individual.ByID()).Limit(Candidates).Select(individual.FieldID, individual.FieldFullName, individual.FieldNameKey).All(gctx)
		if err != nil {
			return fmt.Errorf("search %q: individuals: %w", text, err)
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	results := make([]result, 0, len(cs)+len(ps))
	for _, col := range cs {
		results = append(results, result{id: col.ID, collective: true, name: col.Name, key: col.NameKey})
	}
	for _, p := range ps {
		results = append(results, result{id: p.ID, name: p.FullName, key: p.NameKey})
	}
	rank(results, text)
	if len(results) > limit {
		results = results[:limit]
	}
	return loadRanked(ctx, load, results)
}

// CommonWord is the number of index entries from which a word is too common to drive a
// search. Tests lower it to walk both plans on small data.
var CommonWord = 5000

// owning selects the rows (collectives or individuals, by their id column) that own a term
// starting with each word: through the rarest word's index range when there is one, then
// one indexed lookup per other word and row. The lookups are scalar subqueries, not EXISTS:
// MariaDB turns EXISTS into a join that reads the whole range of a common word. With no rare
// word, the rows are walked in id order, a lookup per word and row, until the first
// Candidates are found: on SQLite; MariaDB walks the term index instead (walking).
func owning(id, owner string, words []string, rarest string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		if rarest == "" && s.Dialect() == dialect.MySQL {
			walking(s, id, owner, words)
			return
		}
		for _, w := range words {
			t := sql.Table(searchterm.Table)
			terms := sql.Select(t.C(owner)).From(t).Where(termRange(t.C(searchterm.FieldTerm), w))
			if w == rarest {
				s.Where(sql.In(s.C(id), terms))
				continue
			}
			probe := terms.Where(sql.ColumnsEQ(t.C(owner), s.C(id))).Limit(1)
			s.Where(sql.P(func(b *sql.Builder) {
				b.Wrap(func(b *sql.Builder) { b.Join(probe) }).WriteString(" IS NOT NULL")
			}))
		}
	}
}

// walking selects the first Candidates owners (by id) of a term starting with each word,
// every word being common: the owners' part of the (owner, term) index is read in owner order,
// the entries of the words' ranges kept, an owner kept once it has one for each, and the read
// stops at the last owner needed. "nguyen thi" among 200,000 people on MariaDB: some 60,000
// index entries read in order, 11 ms, where the rows' walk with a lookup per word and row read
// 11,000 rows and made 15,000 lookups, 70 ms. SQLite walks the rows faster than it groups the
// index (27 against 36 ms for the whole search), so it keeps the rows' walk.
func walking(s *sql.Selector, id, owner string, words []string) {
	t := sql.Table(searchterm.Table)
	ranges := make([]*sql.Predicate, len(words))
	for i, w := range words {
		ranges[i] = termRange(t.C(searchterm.FieldTerm), w)
	}
	owners := sql.Select(t.C(owner)).From(t).Where(sql.And(sql.NotNull(t.C(owner)), sql.Or(ranges...))).
		GroupBy(t.C(owner)).OrderBy(t.C(owner)).Limit(Candidates)
	each := make([]*sql.Predicate, len(ranges))
	for i, r := range ranges {
		each[i] = sql.P(func(b *sql.Builder) {
			b.WriteString("MAX(CASE WHEN ").Join(r).WriteString(" THEN 1 ELSE 0 END) = 1")
		})
	}
	owners.Having(sql.And(each...))
	// A derived table: MariaDB refuses LIMIT directly inside IN.
	walked := owners.As("walked")
	s.Where(sql.In(s.C(id), sql.Select(walked.C(owner)).From(walked)))
}

// owningUnits selects the collectives that own a term starting with each word, read from the
// units' own part of the (collective_id, term) index: tens of thousands of entries at national
// scale, where one word common among people ("nguyen") spans a hundred thousand in the term
// index, and walking every unit with a lookup per word costs more still. SQLite, which plans
// without statistics, is kept off the term index by a unary + on the column.
func owningUnits(words []string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		for _, w := range words {
			t := sql.Table(searchterm.Table)
			term := t.C(searchterm.FieldTerm)
			if s.Dialect() == dialect.SQLite {
				term = "+" + term
			}
			p := sql.And(sql.NotNull(t.C(searchterm.FieldCollectiveID)), termRange(term, w))
			s.Where(sql.In(s.C(collective.FieldID), sql.Select(t.C(searchterm.FieldCollectiveID)).From(t).Where(p)))
		}
	}
}

// termRange matches the terms (a term column, or an expression of it) that start with word,
// as a range an index on the column serves.
func termRange(term, word string) *sql.Predicate {
	p := sql.GTE(term, word)
	if upper := textfold.PrefixUpperBound(word); upper != "" {
		p = sql.And(p, sql.LT(term, upper))
	}
	return p
}

// prefix matches the terms that start with word, as a range the term index serves.
func prefix(word string) []predicate.SearchTerm {
	preds := []predicate.SearchTerm{searchterm.TermGTE(word)}
	if upper := textfold.PrefixUpperBound(word); upper != "" {
		preds = append(preds, searchterm.TermLT(upper))
	}
	return preds
}

// result is a candidate: a collective or an individual, and the name it is ranked by.
type result struct {
	id         int
	collective bool
	name       string
	key        string // the stored sort key (name_key): Vietnamese order without computing it again
}

// loadRanked loads the ranked candidates with the fields the client selected, in rank order.
func loadRanked(ctx context.Context, load Loaders, ranked []result) ([]ent.Noder, error) {
	var collectives, individuals []int
	for _, r := range ranked {
		if r.collective {
			collectives = append(collectives, r.id)
		} else {
			individuals = append(individuals, r.id)
		}
	}
	nodes := make(map[result]ent.Noder, len(ranked))
	if len(collectives) > 0 {
		cs, err := load.Collectives(ctx, collectives)
		if err != nil {
			return nil, fmt.Errorf("load collectives: %w", err)
		}
		for _, c := range cs {
			nodes[result{id: c.ID, collective: true}] = c
		}
	}
	if len(individuals) > 0 {
		ps, err := load.Individuals(ctx, individuals)
		if err != nil {
			return nil, fmt.Errorf("load individuals: %w", err)
		}
		for _, p := range ps {
			nodes[result{id: p.ID}] = p
		}
	}
	out := make([]ent.Noder, 0, len(ranked))
	for _, r := range ranked {
		if n, ok := nodes[result{id: r.id, collective: r.collective}]; ok { // the loaders apply privacy
			out = append(out, n)
		}
	}
	return out, nil
}

// rank orders results by how the name matches the words searched for: every word the same
// as a whole word of the name, diacritics included (tone placement aside: "Hoà" is "Hòa",
// "Thuỷ" is "Thủy"); then every word the same without diacritics; then every word the start
// of one; then the rest. Within a rank, Vietnamese order (textfold.SortKey).
func rank(results []result, text string) {
	query := forms(text)
	for i := range query {
		query[i].spelling = textfold.Spelling(query[i].word)
	}
	score := func(name string) int {
		words := forms(name)
		// all reports whether every word of the query matches some word of the name.
		all := func(match func(q, w *wordForms) bool) bool {
			for qi := range query {
				if !slices.ContainsFunc(words, func(w wordForms) bool { return match(&query[qi], &w) }) {
					return false
				}
			}
			return true
		}
		switch {
		case all(func(q, w *wordForms) bool { return q.folded == w.folded }):
			// Same folded words; the same spelling too (tone placement aside)? Spelling is
			// computed only here: equal spellings have equal folded forms.
			for i := range words {
				words[i].spelling = textfold.Spelling(words[i].word)
			}
			if all(func(q, w *wordForms) bool { return q.spelling == w.spelling }) {
				return 0
			}
			return 1
		case all(func(q, w *wordForms) bool { return strings.HasPrefix(w.folded, q.folded) }):
			return 2
		}
		return 3
	}
	scores := make(map[result]int, len(results))
	for _, r := range results {
		scores[r] = score(r.name)
	}
	slices.SortStableFunc(results, func(a, b result) int {
		return cmp.Or(cmp.Compare(scores[a], scores[b]), strings.Compare(a.key, b.key), cmp.Compare(a.id, b.id))
	})
}

// wordForms are a word's comparable forms: folded (no marks at all) and, when needed, its
// spelling (tone placement aside).
type wordForms struct{ word, folded, spelling string }

// forms splits text into words and folds each once: ranking compares every candidate's words
// with the query's, and a thousand candidates must not mean ten thousand normalisations.
func forms(text string) []wordForms {
	words := strings.Fields(strings.ToLower(textfold.NFC(text)))
	out := make([]wordForms, len(words))
	for i, w := range words {
		out[i] = wordForms{word: w, folded: textfold.Fold(w)}
	}
	return out
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
