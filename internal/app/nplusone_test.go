package app_test

import (
	"testing"
)

// TestNoNPlusOne counts the SQL statements of nested queries: the count must not grow with
// the page size, so every nested field is eager-loaded in a batch.
func TestNoNPlusOne(t *testing.T) {
	queries := map[string]string{
		"awards page": `query($n: Int) { awards(first: $n, orderBy: [{field: RECIPIENT_NAME}]) { edges { node {
			recipientName period
			collective { name parent { name } }
			individual { fullName }
			level { code name }
			decision { number issuer { name } }
			ceremony { name organizer { name } } } } } }`,
		"collective tree": `query($n: Int) { collectives(first: $n, where: {kind: GRASSROOTS_UNION}) { edges { node {
			name parent { name } awards(first: 5) { edges { node { level { code } } } } } } } }`,
		"individuals with history": `query($n: Int) { individuals(first: $n, where: {hasAwards: true}) { edges { node {
			fullName positions { edges { node { title collective { name } } } }
			awards { edges { node { level { name } ceremony { name } } } } } } } }`,
		"search": `query($n: Int) { search(text: "cong doan truong", first: $n) {
			... on Collective { name parent { name } awards { totalCount } } } }`,
	}
	each(t, func(t *testing.T, s *server) {
		for name, q := range queries {
			counts := map[int]int{}
			for _, n := range []int{2, 12} {
				// Asked twice, counted the second time: the levels and issuers a page names are
				// read into memory (internal/catalog) by the first request that names them, in
				// one statement whatever the page's size.
				var out map[string]any
				s.query(q, map[string]any{"n": n}, &out)
				s.cache.Invalidate()
				s.counter.Reset()
				s.query(q, map[string]any{"n": n}, &out)
				counts[n] = len(s.counter.Statements())
			}
			if counts[2] != counts[12] || counts[2] == 0 {
				t.Errorf("%s: %d statements for 2 rows, %d for 12: the count grows with the page", name, counts[2], counts[12])
			}
		}
	})
}
