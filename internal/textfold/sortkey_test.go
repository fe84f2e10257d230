package textfold

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

func TestSortKeyOrdersVietnamese(t *testing.T) {
	tests := []struct {
		person bool
		want   []string // in order
	}{
		// Word by word, given name first: An, Anh, Ánh, Ăn, …
		{true, []string{"Nguyễn Thị An", "Trần Anh", "Lê Văn Ánh", "Phạm Thị Ăn", "Vũ Thị Bình", "Nguyễn Thị Kim Dung", "Lê Đức", "Hoàng Minh Tuấn", "Trịnh Văn Ư"}},
		// The pairs, as CLDR orders them.
		{true, []string{"Trần Hà", "Trần Hả", "Trần Há"}},
		{true, []string{"Lê Thị Thủy", "Lê Thị Thúy"}},
		{false, []string{"Ải Mộ", "Ái Mộ"}},
		{false, []string{"Công đoàn Trường A", "Công đoàn Trường Ă", "Công đoàn Trường Đ", "Công đoàn Trường E", "Công đoàn Trường Ê", "Công đoàn Trường Ơ"}},
		// Tones only break ties, in CLDR's order: a à ả ã á ạ.
		{false, []string{"Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Mai"}},
	}
	for _, tt := range tests {
		got := slices.Clone(tt.want)
		slices.Reverse(got)
		sort.SliceStable(got, func(i, j int) bool { return SortKey(got[i], tt.person) < SortKey(got[j], tt.person) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("sorted %v\nwant   %v", got, tt.want)
		}
	}
	if SortKey("NGUYỄN THỊ KIM DUNG", true) != SortKey("Nguyễn Thị Kim Dung", true) {
		t.Error("case changes the key")
	}
}

// TestSortKeyAgreesWithCLDR compares random Vietnamese names by their keys and, word by word,
// with CLDR's Vietnamese collator (golang.org/x/text/collate): the two orders must agree.
func TestSortKeyAgreesWithCLDR(t *testing.T) {
	c := collate.New(language.Vietnamese, collate.IgnoreCase)
	byWords := func(a, b string, person bool) int {
		wa, wb := strings.Fields(a), strings.Fields(b)
		if person {
			wa = append([]string{wa[len(wa)-1]}, wa[:len(wa)-1]...)
			wb = append([]string{wb[len(wb)-1]}, wb[:len(wb)-1]...)
		}
		for i := range min(len(wa), len(wb)) {
			if d := c.CompareString(wa[i], wb[i]); d != 0 {
				return d
			}
		}
		return cmp.Compare(len(wa), len(wb))
	}
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	onsets := []string{"", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"}
	vowels := []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "uy", "ươ", "iê"}
	codas := []string{"", "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"}
	marks := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	word := func() string {
		v := vowels[rng.IntN(len(vowels))]
		r := []rune(v)
		at := rng.IntN(len(r))
		w := onsets[rng.IntN(len(onsets))] + string(r[:at+1]) + marks[rng.IntN(len(marks))] + string(r[at+1:]) + codas[rng.IntN(len(codas))]
		if rng.IntN(4) == 0 {
			r := []rune(w)
			w = strings.ToUpper(string(r[0])) + string(r[1:])
		}
		return norm.NFC.String(w)
	}
	name := func() string {
		ws := make([]string, 1+rng.IntN(3))
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	for range 20000 {
		a, b := name(), name()
		for _, person := range []bool{false, true} {
			got := cmp.Compare(SortKey(a, person), SortKey(b, person))
			if want := byWords(a, b, person); got != want {
				t.Fatalf("seed %d: %q vs %q (person %v): keys say %d, CLDR word by word says %d", seed, a, b, person, got, want)
			}
		}
	}
}

func TestSpelling(t *testing.T) {
	same := [][2]string{{"Hoà", "Hòa"}, {"Thuỷ", "Thủy"}, {"khoẻ", "khỏe"}, {"Qúy", "Quý"}, {"HOÀ", "hòa"}, {norm.NFD.String("Thuý"), "Thúy"}}
	for _, p := range same {
		t.Run(p[0]+"="+p[1], func(t *testing.T) {
			if Spelling(p[0]) != Spelling(p[1]) {
				t.Errorf("Spelling(%q) = %q, Spelling(%q) = %q", p[0], Spelling(p[0]), p[1], Spelling(p[1]))
			}
		})
	}
	different := [][2]string{{"Thủy", "Thúy"}, {"Hòa", "Hoa"}, {"Hòa", "Hóa"}, {"Đức", "Dức"}, {"Ư", "U"}}
	for _, p := range different {
		t.Run(p[0]+"≠"+p[1], func(t *testing.T) {
			if Spelling(p[0]) == Spelling(p[1]) {
				t.Errorf("Spelling(%q) = Spelling(%q) = %q", p[0], p[1], Spelling(p[0]))
			}
		})
	}
}

func TestPlacements(t *testing.T) {
	tests := []struct {
		in   string
		want []string // among the placements
	}{
		{"Hoà", []string{"Hoà", "Hòa"}},
		{"Nguyễn Thị Thuỷ", []string{"Nguyễn Thị Thuỷ", "Nguyễn Thị Thủy"}},
		{"Qúy", []string{"Quý"}},
		{"khoẻ", []string{"khỏe"}},
		{"Lan", []string{"Lan"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Placements(tt.in)
			if got[0] != norm.NFC.String(tt.in) {
				t.Errorf("Placements(%q) does not start with it: %q", tt.in, got)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Placements(%q) = %q, want %q among them", tt.in, got, w)
				}
			}
			for _, p := range got {
				if Spelling(strings.ReplaceAll(p, " ", "")) != Spelling(strings.ReplaceAll(tt.in, " ", "")) {
					t.Errorf("%q is not the same spelling as %q", p, tt.in)
				}
			}
		})
	}
	if got := Placements("Hoà Hoà Hoà Hoà Hoà Hoà Hoà"); len(got) != 1 {
		t.Errorf("too many placements are not bounded: %d", len(got))
	}
}
