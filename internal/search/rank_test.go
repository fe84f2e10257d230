package search

import (
	"slices"
	"testing"

	"vinhdanh/internal/textfold"
)

func TestRank(t *testing.T) {
	person := func(id int, name string) result {
		return result{id: id, name: name, key: textfold.SortKey(name, true)}
	}
	unit := func(id int, name string) result {
		return result{id: id, collective: true, name: name, key: textfold.SortKey(name, false)}
	}
	candidates := []result{
		unit(1, "Liên đoàn Lao động quận Hai Bà Trưng"),
		person(2, "Hà Thị Thuỷ"),
		person(3, "Nguyễn Thị Thủy"),
		person(4, "Trần Thu Hà"),
		person(5, "Hạ Văn Thụy"),
	}
	for _, tt := range []struct {
		text string
		want []int
	}{
		// Same spelling (either tone placement) first, then the same folded words, then
		// prefixes, then the rest; each group in Vietnamese order (people by given name).
		{"thủy", []int{2, 3, 5, 4, 1}}, // Thuỷ = Thủy; Thụy folds alike; Hà and the union have no such word
		{"thuy", []int{2, 3, 5, 4, 1}}, // all three fold alike: by given name, then family name
		{"hà", []int{4, 2, 5, 1, 3}},   // Hà ×2 (Trần Thu Hà's given name first), Hạ, Hai (prefix), the rest
		{"ha", []int{4, 2, 5, 1, 3}},
		{"thụy", []int{5, 2, 3, 4, 1}}, // the same spelling first, ahead of names that sort before it
		{"hạ", []int{5, 4, 2, 1, 3}},
	} {
		t.Run(tt.text, func(t *testing.T) {
			rs := slices.Clone(candidates)
			rank(rs, tt.text)
			var got []int
			for _, r := range rs {
				got = append(got, r.id)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rank(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
