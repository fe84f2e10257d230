package textfold

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Nguyễn Thị Kim Dung", "nguyen thi kim dung"},
		{"NGUYỄN THỊ KIM DUNG", "nguyen thi kim dung"},
		{norm.NFD.String("Nguyễn Thị Kim Dung"), "nguyen thi kim dung"},
		{"Đặng Văn Đức", "dang van duc"},
		{"Liên đoàn Lao động quận Hai Bà Trưng", "lien doan lao dong quan hai ba trung"},
		{"Sở GD&ĐT Hà Nội", "so gd dt ha noi"},
		{"  Trường   Mầm non B ", "truong mam non b"},
		{"Công đoàn Trường TH&THCS", "cong doan truong th thcs"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNFC(t *testing.T) {
	decomposed := norm.NFD.String("  Nguyễn   Thị Hương ")
	if got, want := NFC(decomposed), "Nguyễn Thị Hương"; got != want {
		t.Errorf("NFC(%q) = %q, want %q", decomposed, got, want)
	}
}

func TestPrefixUpperBound(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ngu", "ngv"},
		{"a", "b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := PrefixUpperBound(tt.in); got != tt.want {
			t.Errorf("PrefixUpperBound(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
