package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// alphabet is the Vietnamese collation order of base letters (with the foreign f, j, w, z in
// their Latin places). Digits sort before letters.
const alphabet = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

// keyChars are the ASCII stand-ins of alphabet, in increasing byte order, so a binary
// comparison of keys is a Vietnamese comparison of names on every database.
const keyChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi"

// Tone marks in dictionary order: ngang (none), huyền, sắc, hỏi, ngã, nặng.
var tones = map[rune]byte{'\u0300': '1', '\u0301': '2', '\u0309': '3', '\u0303': '4', '\u0323': '5'}

// Vowel shapes that are letters of their own in Vietnamese.
var shapes = map[string]rune{"a\u0306": 'ă', "a\u0302": 'â', "e\u0302": 'ê', "o\u0302": 'ô', "o\u031b": 'ơ', "u\u031b": 'ư'}

// SortKey returns a key whose binary order is the Vietnamese order of names: letters first
// (ă after a, đ after d, ư after u), tones only to break ties, case ignored. A person's name
// sorts by the given name, the last word, then the rest ("Nguyễn Thị Kim Dung" files under
// Dung), as Vietnamese rolls are ordered.
func SortKey(name string, person bool) string {
	words := strings.Fields(strings.ToLower(norm.NFC.String(name)))
	if person && len(words) > 1 {
		words = append([]string{words[len(words)-1]}, words[:len(words)-1]...)
	}
	var primary, secondary strings.Builder
	for i, w := range words {
		if i > 0 {
			primary.WriteByte('#')
		}
		for _, r := range w {
			base, tone := letter(r)
			if idx := strings.IndexRune(alphabet, base); idx >= 0 {
				primary.WriteByte(keyChars[len([]rune(alphabet[:idx]))])
				secondary.WriteByte(tone)
			}
		}
	}
	return primary.String() + `"` + secondary.String()
}

// letter splits a precomposed letter into its Vietnamese base letter and tone digit.
func letter(r rune) (rune, byte) {
	d := norm.NFD.String(string(r))
	runes := []rune(d)
	base := string(runes[0])
	tone := byte('0')
	for _, m := range runes[1:] {
		if t, ok := tones[m]; ok {
			tone = t
			continue
		}
		if unicode.Is(unicode.Mn, m) {
			base += string(m)
		}
	}
	if s, ok := shapes[base]; ok {
		return s, tone
	}
	return []rune(base)[0], tone
}
