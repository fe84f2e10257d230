package textfold

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// The stored sort key is ASCII compared byte by byte, the same on every database; its order
// comes from Unicode CLDR's Vietnamese collation (golang.org/x/text/collate, as ICU's "vi" and
// Intl.Collator("vi")), which ranks the letters (ă after a, đ after d, ư after u) and the tones
// (ngang, huyền, hỏi, ngã, sắc, nặng). TestSortKeyAgreesWithCLDR checks that comparing keys is
// comparing names word by word with the collator.

// letters are the base letters of names (digits first, the foreign f, j, w, z included), and
// tones the tone marks (none first), each in the collator's order.
var letters, tones = collatorOrder()

// keyChars stand for letters in increasing byte order; toneChars for tones.
const (
	keyChars  = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	toneChars = "012345"
)

func collatorOrder() ([]string, []string) {
	c := collate.New(language.Vietnamese, collate.IgnoreCase)
	ls := strings.Split("0 1 2 3 4 5 6 7 8 9 a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z", " ")
	slices.SortStableFunc(ls, c.CompareString)
	// Tones on one vowel: none, grave, acute, hook above, tilde, dot below.
	ts := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	slices.SortStableFunc(ts, func(a, b string) int { return c.CompareString(norm.NFC.String("a"+a), norm.NFC.String("a"+b)) })
	return ls, ts
}

// Vowel shapes that are letters of their own in Vietnamese.
var shapes = map[string]string{"a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô", "o\u031b": "ơ", "u\u031b": "ư", "đ": "đ"}

// SortKey returns a key whose binary order is the Vietnamese order of names, word by word:
// within a word its letters first, its tones only to break a tie; case ignored. A person's
// name sorts by the given name, the last word, then the rest ("Nguyễn Thị Kim Dung" files
// under Dung), as Vietnamese rolls are ordered.
func SortKey(name string, person bool) string {
	words := strings.Fields(strings.ToLower(norm.NFC.String(name)))
	if person && len(words) > 1 {
		words = append([]string{words[len(words)-1]}, words[:len(words)-1]...)
	}
	var key strings.Builder
	for i, w := range words {
		if i > 0 {
			key.WriteByte(' ') // below every key character: a shorter word sorts first
		}
		var marks []byte
		for _, r := range w {
			base, tone := letter(r)
			if idx := slices.Index(letters, base); idx >= 0 {
				key.WriteByte(keyChars[idx])
				marks = append(marks, toneChars[tone])
			}
		}
		key.WriteByte('"') // below every letter: the word's tones after all its letters
		key.Write(marks)
	}
	return key.String()
}

// letter splits a precomposed letter into its Vietnamese base letter and its tone's place in
// tones.
func letter(r rune) (string, int) {
	var base strings.Builder
	tone := 0
	for _, m := range norm.NFD.String(string(r)) {
		if t := slices.Index(tones, string(m)); t > 0 {
			tone = t
			continue
		}
		if base.Len() == 0 || unicode.Is(unicode.Mn, m) {
			base.WriteRune(m)
		}
	}
	if s, ok := shapes[base.String()]; ok {
		return s, tone
	}
	return base.String(), tone
}

// Spelling is a word as it is spelled, its tone mark's placement aside: the letters with
// their vowel shapes, and the syllable's one tone. "Hoà" and "Hòa", "Thuỷ" and "Thủy", "Qúy"
// and "Quý" are the same spelling under the old and the new rule of where the mark goes.
func Spelling(word string) string {
	var b strings.Builder
	tone := 0
	for _, r := range strings.ToLower(norm.NFC.String(word)) {
		base, t := letter(r)
		b.WriteString(base)
		if t != 0 {
			tone = t
		}
	}
	b.WriteByte('|')
	b.WriteByte(toneChars[tone])
	return b.String()
}

// maxPlacements bounds the spellings Placements returns.
const maxPlacements = 64

// Placements returns s and the other ways to write it that differ only in where each word's
// tone mark sits ("Hoà Thuỷ": "Hòa Thuỷ", "Hoà Thủy", "Hòa Thủy", …), NFC, s first: what an
// exact comparison must accept to compare names canonically while they are stored as typed.
// When there would be more than maxPlacements, s alone.
func Placements(s string) []string {
	out := []string{""}
	for i, w := range strings.Split(norm.NFC.String(s), " ") {
		forms := wordPlacements(w)
		if len(out)*len(forms) > maxPlacements {
			return []string{norm.NFC.String(s)}
		}
		next := make([]string, 0, len(out)*len(forms))
		for _, prefix := range out {
			for _, f := range forms {
				if i > 0 {
					next = append(next, prefix+" "+f)
				} else {
					next = append(next, f)
				}
			}
		}
		out = next
	}
	return out
}

// wordPlacements is the word with its tone mark on each of its vowels in turn, the word as
// written first.
func wordPlacements(w string) []string {
	runes := []rune(norm.NFD.String(w))
	mark, at := rune(0), -1
	for i, r := range runes {
		if slices.Index(tones, string(r)) > 0 {
			mark, at = r, i
			break
		}
	}
	if at < 0 {
		return []string{w}
	}
	bare := append(slices.Clone(runes[:at]), runes[at+1:]...)
	out := []string{w}
	for i, r := range bare {
		if !strings.ContainsRune("aeiouyAEIOUY", r) {
			continue
		}
		end := i + 1 // after the vowel's own marks (ă, â, ê, ô, ơ, ư)
		for end < len(bare) && unicode.Is(unicode.Mn, bare[end]) {
			end++
		}
		form := append(append(slices.Clone(bare[:end]), mark), bare[end:]...)
		if f := norm.NFC.String(string(form)); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}
