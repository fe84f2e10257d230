// Package textfold turns Vietnamese text into the keys that search compares: lower case,
// without tone marks or other diacritics, with đ folded to d. The same keys are computed in
// Go for every database, so search behaves identically on SQLite and MySQL whatever their
// collations do.
package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C with surrounding and repeated spaces removed.
// Names are stored this way so that a decomposed "Nguyễn" typed on one keyboard and a
// precomposed one typed on another are the same string.
func NFC(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// Canonical returns s in NFC without surrounding white space: how free text (citations,
// achievements, comments) is stored, its inner spacing and line breaks kept.
func Canonical(s string) string {
	return strings.TrimSpace(norm.NFC.String(s))
}

// NFCOnly returns s in NFC, its spaces kept.
func NFCOnly(s string) string { return norm.NFC.String(s) }

// Fold returns the search key of s: NFD, combining marks dropped, đ/Đ mapped to d, lower case,
// runs of anything that is not a letter or digit collapsed to one space.
func Fold(s string) string {
	return strings.Join(Tokens(s), " ")
}

// Tokens returns the folded words of s in order.
func Tokens(s string) []string {
	var (
		words []string
		b     strings.Builder
	)
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// A tone mark or vowel diacritic of the preceding letter.
		case r == 'đ' || r == 'Đ':
			b.WriteRune('d')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

// PrefixUpperBound returns the smallest string greater than every string that starts with
// prefix, so that "term >= prefix AND term < bound" is a prefix match any B-tree index can
// serve under a binary collation. It returns "" when no such bound exists.
func PrefixUpperBound(prefix string) string {
	runes := []rune(prefix)
	for i := len(runes) - 1; i >= 0; i-- {
		if runes[i] < unicode.MaxRune {
			runes[i]++
			return string(runes[:i+1])
		}
	}
	return ""
}
