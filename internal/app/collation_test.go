package app_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// TestNameOrderFollowsCLDR lists people ordered by name through the API, on each database,
// and compares with CLDR's Vietnamese collation (golang.org/x/text/collate), given name first
// and word by word: Hà, Hả, Há; Thủy before Thúy; "Ải" before "Ái".
func TestNameOrderFollowsCLDR(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		staff := s.as("staff.thanhtri@demo.vinhdanh.vn")
		names := []string{"Trần Thị Há", "Trần Thị Hả", "Trần Thị Hà", "Lê Thị Thúy", "Lê Thị Thủy", "Phạm Ải Mộ", "Phạm Ái Mộ",
			"Ngô Quý", "Ngô Qúy", "Đỗ Văn Ánh", "Vũ Anh", "Bùi Thị Ăn"}
		var ids []string
		for _, n := range names {
			var p struct{ ID string }
			staff.call(`mutation($n: String!) { createIndividual(input: {fullName: $n}) { id } }`, map[string]any{"n": n}, &p)
			ids = append(ids, p.ID)
		}
		var out struct {
			Individuals struct {
				Edges []struct{ Node struct{ FullName string } }
			}
		}
		s.query(`query($ids: [ID!]) { individuals(first: 50, where: {idIn: $ids}, orderBy: {field: FULL_NAME}) { edges { node { fullName } } } }`,
			map[string]any{"ids": ids}, &out)
		var got []string
		for _, e := range out.Individuals.Edges {
			got = append(got, e.Node.FullName)
		}
		c := collate.New(language.Vietnamese, collate.IgnoreCase)
		want := slices.Clone(names)
		slices.SortStableFunc(want, func(a, b string) int {
			wa, wb := strings.Fields(a), strings.Fields(b)
			wa = append([]string{wa[len(wa)-1]}, wa[:len(wa)-1]...)
			wb = append([]string{wb[len(wb)-1]}, wb[:len(wb)-1]...)
			for i := range min(len(wa), len(wb)) {
				if d := c.CompareString(wa[i], wb[i]); d != 0 {
					return d
				}
			}
			return cmp.Compare(len(wa), len(wb))
		})
		if !slices.Equal(got, want) {
			t.Errorf("ordered by name:\n%v\nCLDR Vietnamese:\n%v", got, want)
		}
	})
}
