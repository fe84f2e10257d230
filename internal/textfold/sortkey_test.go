package textfold

import (
	"slices"
	"sort"
	"testing"
)

func TestSortKeyOrdersVietnamese(t *testing.T) {
	tests := []struct {
		person bool
		want   []string // in order
	}{
		{true, []string{"Nguyễn Thị An", "Lê Văn Ánh", "Trần Anh", "Phạm Thị Ăn", "Vũ Thị Bình", "Nguyễn Thị Kim Dung", "Lê Đức", "Hoàng Minh Tuấn", "Trịnh Văn Ư"}},
		{false, []string{"Công đoàn Trường A", "Công đoàn Trường Ă", "Công đoàn Trường Đ", "Công đoàn Trường E", "Công đoàn Trường Ê", "Công đoàn Trường Ơ"}},
		// Tones only break ties, in dictionary order: a à á ả ã ạ.
		{false, []string{"Ma", "Mà", "Má", "Mả", "Mã", "Mạ", "Mai"}},
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
