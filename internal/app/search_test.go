package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"golang.org/x/text/unicode/norm"

	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/search"
)

type searchHit struct {
	Typename string `json:"__typename"`
	ID       string
	FullName string
	Name     string
}

func (h searchHit) label() string { return h.FullName + h.Name }

const searchQuery = `query($text: String!, $first: Int) { search(text: $text, first: $first) {
	__typename ... on Individual { id fullName } ... on Collective { id name } } }`

func (s *server) search(text string, first int) []searchHit {
	s.t.Helper()
	var out struct{ Search []searchHit }
	vars := map[string]any{"text": text}
	if first > 0 {
		vars["first"] = first
	}
	s.query(searchQuery, vars, &out)
	return out.Search
}

func TestSearch(t *testing.T) {
	tests := []struct {
		text      string
		wantFirst string // the best hit
		wantAlso  []string
	}{
		{"nguyen thi kim dung", "Nguyễn Thị Kim Dung", nil},
		{"NGUYỄN THỊ KIM DUNG", "Nguyễn Thị Kim Dung", nil},
		{norm.NFD.String("Nguyễn Thị Kim Dung"), "Nguyễn Thị Kim Dung", nil},
		{"kim dung", "Nguyễn Thị Kim Dung", nil},
		{"dang van duc", "Đặng Văn Đức", nil},
		{"Đặng Văn Đức", "Đặng Văn Đức", nil},
		{"luong anh dung", "Lương Anh Dũng", nil},
		{"lien doan lao dong hai ba trung", "Liên đoàn Lao động quận Hai Bà Trưng", nil},
		{"tong ldld", "Tổng Liên đoàn Lao động Việt Nam", nil},
		{"mam non b", "Trường Mẫu giáo Mầm non B", []string{"Công đoàn Trường Mầm non B thị trấn Văn Điển"}},
		{"phạm thị", "Phạm Thị Tuyết", []string{"Phạm Thị Vân Anh"}},
	}
	each(t, func(t *testing.T, s *server) {
		for _, tt := range tests {
			hits := s.search(tt.text, 0)
			if len(hits) == 0 {
				t.Errorf("search %q found nothing, want %q", tt.text, tt.wantFirst)
				continue
			}
			var labels []string
			for _, h := range hits {
				labels = append(labels, h.label())
			}
			if !contains(labels, tt.wantFirst) {
				t.Errorf("search %q = %q, want it to include %q", tt.text, labels, tt.wantFirst)
			}
			for _, want := range tt.wantAlso {
				if !contains(labels, want) {
					t.Errorf("search %q = %q, want it to include %q", tt.text, labels, want)
				}
			}
			if tt.wantAlso == nil && labels[0] != tt.wantFirst {
				t.Errorf("search %q ranked %q first, want %q", tt.text, labels[0], tt.wantFirst)
			}
		}
		if hits := s.search("xyzzy", 0); len(hits) != 0 {
			t.Errorf("search xyzzy = %+v, want nothing", hits)
		}
		if hits := s.search("cong doan", 3); len(hits) != 3 {
			t.Errorf("search with first: 3 returned %d hits", len(hits))
		}
	})
}

// TestSearchRanksExactDiacriticsFirst: two people whose names fold to the same key; the one
// spelled exactly as typed comes first, whichever was created first.
func TestSearchRanksExactDiacriticsFirst(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		for _, name := range []string{"Nguyễn Thị Hường", "Nguyễn Thi Hương"} {
			if err := s.db.Client.Individual.Create().SetFullName(name).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct{ text, first string }{
			{"Nguyễn Thị Hương", "Nguyễn Thị Hương"},
			{"Nguyễn Thị Hường", "Nguyễn Thị Hường"},
			{"Nguyễn Thi Hương", "Nguyễn Thi Hương"},
		} {
			hits := s.search(tt.text, 0)
			if len(hits) != 3 {
				t.Errorf("search %q found %d hits, want all 3 spellings: %+v", tt.text, len(hits), hits)
				continue
			}
			if hits[0].FullName != tt.first {
				t.Errorf("search %q ranked %q first, want %q", tt.text, hits[0].FullName, tt.first)
			}
		}
	})
}

// TestSearchRanksSpellings: the cases. Old and new tone placement are the same
// spelling ("Thuỷ" finds "Thủy" first, "Hoà" finds "Hòa"), and a match is of whole words ("ha"
// ranks "Hà Thị Thuỷ" before the units of Hai Bà Trưng); then Vietnamese order.
func TestSearchRanksSpellings(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		for _, name := range []string{"Nguyễn Thị Thuy", "Nguyễn Thị Thùy", "Nguyễn Thị Thúy", "Nguyễn Thị Thuỵ", "Nguyễn Thị Thụy", "Nguyễn Thị Thủy",
			"Nguyễn Văn Hoa", "Nguyễn Văn Hóa", "Nguyễn Văn Hỏa", "Nguyễn Văn Hòa", "Hà Thị Thuỷ", "Trần Văn Quý"} {
			if err := s.db.Client.Individual.Create().SetFullName(name).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct{ text, first string }{
			{"Nguyễn Thị Thuỷ", "Nguyễn Thị Thủy"},
			{"Nguyễn Thị Thủy", "Nguyễn Thị Thủy"},
			{"nguyen thi thuy", "Nguyễn Thị Thuy"}, // all folded matches, then Vietnamese order: no tone first
			{"Nguyễn Văn Hoà", "Nguyễn Văn Hòa"},
			{"Trần Văn Qúy", "Trần Văn Quý"},
		} {
			hits := s.search(tt.text, 0)
			if len(hits) == 0 || hits[0].label() != tt.first {
				var labels []string
				for _, h := range hits {
					labels = append(labels, h.label())
				}
				t.Errorf("search %q = %q, want %q first", tt.text, labels, tt.first)
			}
		}
		// "ha" is a whole word of "Hà Thị Thuỷ" (and of "… Hà Nội"), only the start of "Hai".
		hits := s.search("ha", 50)
		person, hai := -1, -1
		for i, h := range hits {
			if h.label() == "Hà Thị Thuỷ" {
				person = i
			}
			if hai < 0 && strings.Contains(h.label(), "Hai Bà Trưng") {
				hai = i
			}
		}
		if person < 0 || (hai >= 0 && hai < person) {
			t.Errorf("search \"ha\": Hà Thị Thuỷ at %d, the first Hai Bà Trưng unit at %d", person, hai)
		}
	})
}

// TestSearchUsesIndex EXPLAINs the statements search runs: every lookup of search_terms
// must be an index range scan, never a scan of the table.
func TestSearchUsesIndex(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		s.counter.Reset()
		if hits := s.search("nguyen thi kim dung", 0); len(hits) == 0 {
			t.Fatal("no hits")
		}
		stmts := s.counter.Matching("FROM `search_terms`")
		if len(stmts) != 6 {
			t.Fatalf("%d search_terms statements, want a bounded count per word and a lookup of collectives and of individuals (6)", len(stmts))
		}
		for _, st := range stmts {
			plan := explain(t, s, st.Query, st.Args)
			if s.db.Target.Dialect == dialect.SQLite {
				if !strings.Contains(plan, "USING INDEX") && !strings.Contains(plan, "USING COVERING INDEX") {
					t.Errorf("SQLite plan does not use an index:\n%s\nfor %s", plan, st.Query)
				}
				if strings.Contains(plan, "SCAN search_terms") {
					t.Errorf("SQLite plan scans search_terms:\n%s", plan)
				}
				continue
			}
			for _, line := range strings.Split(plan, "\n") {
				if strings.Contains(line, "table=search_terms ") && (strings.Contains(line, "type=ALL") || strings.Contains(line, "key=<nil>")) {
					t.Errorf("MySQL plan reads search_terms without an index:\n%s\nfor %s", plan, st.Query)
				}
			}
		}
	})
}

func explain(t *testing.T, s *server, query string, args []any) string {
	t.Helper()
	plan, err := dbtest.Explain(s.db.SQL, s.db.Target.Dialect, query, args)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSearchCommonWords: a search finds the same names whether its rarest word drives the
// lookup or every word is too common to and the owners are walked in id order.
func TestSearchCommonWords(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		find := func(text string) string {
			var out struct {
				Search []struct{ FullName, Name string }
			}
			s.query(`query($t: String!) { search(text: $t, first: 100) { ... on Individual { fullName } ... on Collective { name } } }`,
				map[string]any{"t": text}, &out)
			return fmt.Sprint(out.Search)
		}
		defer func(n int) { search.CommonWord = n }(search.CommonWord)
		for _, text := range []string{"nguyen thi", "hai ba trung", "cong doan truong", "kim dung"} {
			search.CommonWord = 5000
			s.cache.Invalidate()
			driven := find(text)
			search.CommonWord = 0
			s.cache.Invalidate()
			if walked := find(text); walked != driven || driven == "[]" {
				t.Errorf("%q walked: %s\ndriven by its rarest word: %s", text, walked, driven)
			}
		}
	})
}

// TestSearchStopsAtTheFirstOwners: with every word common, a search ranks the first owners of
// all its words, by id, and no others, on either database's walk.
func TestSearchStopsAtTheFirstOwners(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		defer func(n, c int) { search.CommonWord, search.Candidates = n, c }(search.CommonWord, search.Candidates)
		search.CommonWord, search.Candidates = 0, 3
		var out struct{ Search []struct{ FullName string } }
		s.query(`{ search(text: "nguyen thi", first: 100) { ... on Individual { fullName } } }`, nil, &out)
		var got []string
		for _, r := range out.Search {
			if r.FullName != "" {
				got = append(got, r.FullName)
			}
		}
		rows, err := s.db.SQL.QueryContext(context.Background(), `SELECT i.full_name FROM individuals i
			WHERE EXISTS (SELECT 1 FROM search_terms t WHERE t.individual_id = i.id AND t.term >= 'nguyen' AND t.term < 'nguyeo')
			  AND EXISTS (SELECT 1 FROM search_terms t WHERE t.individual_id = i.id AND t.term >= 'thi' AND t.term < 'thj')
			ORDER BY i.id LIMIT 3`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var want []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			want = append(want, name)
		}
		slices.Sort(got)
		slices.Sort(want)
		if len(want) < 3 || !slices.Equal(got, want) {
			t.Errorf("people found: %q, want the first three owners of both words: %q", got, want)
		}
	})
}
