package app_test

import (
	"slices"
	"strings"
	"testing"
	"vinhdanh/internal/textfold"

	"golang.org/x/text/unicode/norm"
)

// TestFilterMeaning runs a table of filters over names that differ only by tone marks, case,
// đ and Unicode form, and checks that every database answers what the filter means: exact
// comparisons are exact (after NFC), Fold comparisons fold case only. The expected answers
// are computed from the names in Go, so SQLite and MySQL must agree with each other too.
func TestFilterMeaning(t *testing.T) {
	names := []string{
		"Nguyễn Thị Thúy", "Nguyễn Thị Thùy", "Nguyễn Thị Thủy", "Nguyễn Thị Thụy", "Nguyễn Thị Thuy",
		"Nguyễn Văn Hòa", "Nguyễn Văn Hoa", "NGUYỄN VĂN HOA", "Đặng Văn Đức", "đặng văn đức",
		"Nguyễn Thị Thuỷ", "Nguyễn Văn Hoà", // the old place of the tone mark: the same names as Thủy, Hòa
		norm.NFD.String("Trần Thị Hương"), "  Lê   Thị  Lan ",
	}
	stored := func(n string) string { return strings.Join(strings.Fields(norm.NFC.String(n)), " ") }
	// is: the same name, the tone marks' placement aside (Hoà is Hòa), as the API compares.
	is := func(n, arg string) bool { return slices.Contains(textfold.Placements(arg), n) }
	filters := []struct {
		field, arg string
		match      func(name string) bool
	}{
		{"fullName", "Nguyễn Thị Thúy", func(n string) bool { return is(n, "Nguyễn Thị Thúy") }},
		{"fullName", "Nguyễn Văn Hoà", func(n string) bool { return is(n, "Nguyễn Văn Hoà") }},
		{"fullName", "Nguyễn Thị Thủy", func(n string) bool { return is(n, "Nguyễn Thị Thủy") }},
		{"fullNameNEQ", "Nguyễn Văn Hòa", func(n string) bool { return !is(n, "Nguyễn Văn Hòa") }},
		{"fullName", norm.NFD.String("Trần Thị Hương"), func(n string) bool { return n == "Trần Thị Hương" }},
		{"fullName", "Lê Thị Lan ", func(n string) bool { return n == "Lê Thị Lan" }},
		{"fullNameNEQ", "Nguyễn Văn Hoa", func(n string) bool { return n != "Nguyễn Văn Hoa" }},
		{"fullNameContains", "Thu", func(n string) bool { return strings.Contains(n, "Thu") }},
		{"fullNameContains", "hoa", func(n string) bool { return strings.Contains(n, "hoa") }},
		{"fullNameHasPrefix", "Nguyễn Thị", func(n string) bool { return strings.HasPrefix(n, "Nguyễn Thị") }},
		{"fullNameHasSuffix", "Đức", func(n string) bool { return strings.HasSuffix(n, "Đức") }},
		{"fullNameContainsFold", "hoa", func(n string) bool { return strings.Contains(strings.ToLower(n), "hoa") }},
		{"fullNameContainsFold", "HÒA", func(n string) bool { return strings.Contains(strings.ToLower(n), "hòa") }},
		{"fullNameContainsFold", "đức", func(n string) bool { return strings.Contains(strings.ToLower(n), "đức") }},
		{"fullNameContainsFold", "thuy", func(n string) bool { return strings.Contains(strings.ToLower(n), "thuy") }},
		{"fullNameContainsFold", "50%_", func(n string) bool { return strings.Contains(strings.ToLower(n), "50%_") }},
		{"fullNameEqualFold", "nguyễn văn hoa", func(n string) bool { return strings.ToLower(n) == "nguyễn văn hoa" }},
		{"fullNameEqualFold", "NGUYỄN VĂN HÒA", func(n string) bool { return is(strings.ToLower(n), "nguyễn văn hòa") }},
		{"fullNameEqualFold", "ĐẶNG VĂN ĐỨC", func(n string) bool { return strings.ToLower(n) == "đặng văn đức" }},
	}
	each(t, func(t *testing.T, s *server) {
		admin := s.as("admin@demo.vinhdanh.vn")
		ids := map[string]string{} // id → stored name
		for _, n := range names {
			var p struct{ ID, FullName string }
			admin.call(`mutation($n: String!) { createIndividual(input: {fullName: $n}) { id fullName } }`, map[string]any{"n": n}, &p)
			if p.FullName != stored(n) || !norm.NFC.IsNormalString(p.FullName) {
				t.Errorf("stored %q as %q, want %q", n, p.FullName, stored(n))
			}
			ids[p.ID] = p.FullName
		}
		for _, f := range filters {
			var out struct {
				Individuals struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
			s.query(`query($w: IndividualWhereInput) { individuals(where: $w, first: 200) { edges { node { id } } } }`,
				map[string]any{"w": map[string]any{f.field: f.arg}}, &out)
			var got, want []string
			for _, e := range out.Individuals.Edges {
				if name, ours := ids[e.Node.ID]; ours {
					got = append(got, name)
				}
			}
			for _, name := range ids {
				if f.match(name) {
					want = append(want, name)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q found %q, want %q", f.field, f.arg, got, want)
			}
		}
		// Every text field is canonical, not only names: a ceremony typed in NFD is found by
		// its NFC name.
		nfd := norm.NFD.String("Hội nghị tổng kết năm học của Công đoàn ngành Giáo dục")
		admin.call(`mutation($n: String!, $o: ID!) { createCeremony(input: {name: $n, place: $n, organizerID: $o}) { id } }`,
			map[string]any{"n": nfd, "o": s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")}, &struct{ ID string }{})
		var found struct {
			Ceremonies struct{ TotalCount int }
		}
		s.query(`query($n: String!) { ceremonies(where: {name: $n, place: $n}) { totalCount } }`, map[string]any{"n": norm.NFC.String(nfd)}, &found)
		if found.Ceremonies.TotalCount != 1 {
			t.Errorf("ceremony typed in NFD found %d times by its NFC name, want 1", found.Ceremonies.TotalCount)
		}
	})
}
