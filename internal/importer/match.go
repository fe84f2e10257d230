package importer

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"vinhdanh/ent"
	"vinhdanh/ent/position"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/textfold"
	"vinhdanh/internal/viewer"
)

// catalogue is what rows are matched against: the levels, the units and, per unit, the people
// who ever held a post there.
type catalogue struct {
	levels []*ent.AwardLevel
	units  map[string][]*ent.Collective // by folded name and folded short name
	byID   map[int]*ent.Collective
	people map[int][]*ent.Individual // by unit, loaded for the units the file names
	v      *viewer.Viewer
}

func loadCatalogue(ctx context.Context, c *ent.Client, v *viewer.Viewer) (*catalogue, error) {
	levels, err := c.AwardLevel.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load award levels: %w", err)
	}
	units, err := c.Collective.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load collectives: %w", err)
	}
	cat := &catalogue{levels: levels, units: map[string][]*ent.Collective{}, byID: map[int]*ent.Collective{},
		people: map[int][]*ent.Individual{}, v: v}
	for _, u := range units {
		cat.byID[u.ID] = u
		cat.units[textfold.Fold(u.Name)] = append(cat.units[textfold.Fold(u.Name)], u)
		if s := textfold.Fold(u.ShortName); s != "" && s != textfold.Fold(u.Name) {
			cat.units[s] = append(cat.units[s], u)
		}
	}
	return cat, nil
}

// loadPeople reads, for the units given, everyone who ever held a post there.
func (cat *catalogue) loadPeople(ctx context.Context, c *ent.Client, units []int) error {
	for chunk := range slices.Chunk(units, 500) {
		posts, err := c.Position.Query().Where(position.CollectiveIDIn(chunk...)).WithIndividual().All(ctx)
		if err != nil {
			return fmt.Errorf("load the people of %d units: %w", len(chunk), err)
		}
		for _, p := range posts {
			if p.Edges.Individual != nil && !slices.ContainsFunc(cat.people[p.CollectiveID], func(i *ent.Individual) bool {
				return i.ID == p.IndividualID
			}) {
				cat.people[p.CollectiveID] = append(cat.people[p.CollectiveID], p.Edges.Individual)
			}
		}
	}
	return nil
}

// unit finds the collective a cell names. Names repeat across the country (every district has
// its Trường Tiểu học Kim Đồng), so several matches are narrowed to the caller's scope, and
// what stays ambiguous is an error naming the candidates.
func (cat *catalogue) unit(cell string) (*ent.Collective, error) {
	found := cat.units[textfold.Fold(cell)]
	if len(found) > 1 && !cat.v.Admin() {
		var mine []*ent.Collective
		for _, u := range found {
			if cat.v.InScope(u.ID) {
				mine = append(mine, u)
			}
		}
		if len(mine) > 0 {
			found = mine
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no unit is named %q", cell)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("%q names %d units: %s; write the unit's full name", cell, len(found), unitList(found))
}

func unitList(us []*ent.Collective) string {
	names := make([]string, 0, len(us))
	for _, u := range us[:min(len(us), 5)] {
		names = append(names, fmt.Sprintf("%s (#%d)", u.Name, u.ID))
	}
	return strings.Join(names, ", ")
}

// abbreviations are the short forms lists use for levels and bodies.
var abbreviations = map[string]string{
	"cstd": "chien si thi dua", "ldtt": "lao dong tien tien", "ldld": "lien doan lao dong",
	"tld": "tong lien doan", "bk": "bang khen", "gk": "giay khen", "ubnd": "uy ban nhan dan",
	"cd": "cong doan", "cdcs": "cong doan co so", "tp": "thanh pho",
}

func expand(folded string) string {
	words := strings.Fields(folded)
	for i, w := range words {
		if long, ok := abbreviations[w]; ok {
			words[i] = long
		}
	}
	return strings.Join(words, " ")
}

// level finds the level a cell names: its full name or code, or the start of its name
// ("Giấy khen") when the issuer and the recipient's kind leave one level it can be.
func (cat *catalogue) level(cell string, issuer *ent.Collective, kind enum.RecipientKind) (*ent.AwardLevel, error) {
	want := expand(textfold.Fold(cell))
	var exact, prefix []*ent.AwardLevel
	for _, l := range cat.levels {
		if issuer != nil && l.IssuerKind != issuer.Kind {
			continue
		}
		if (kind == enum.RecipientIndividual && !l.AcceptsIndividual) || (kind == enum.RecipientCollective && !l.AcceptsCollective) {
			continue
		}
		name := textfold.Fold(l.Name)
		switch {
		case name == want || textfold.Fold(l.Code) == want:
			exact = append(exact, l)
		case strings.HasPrefix(name, want+" "):
			prefix = append(prefix, l)
		}
	}
	found := exact
	if len(found) == 0 {
		found = prefix
	}
	switch len(found) {
	case 0:
		who := ""
		if issuer != nil {
			who = " given by " + issuer.Name
		}
		return nil, fmt.Errorf("no level%s for %s is named %q", who, strings.ToLower(string(kind)), cell)
	case 1:
		return found[0], nil
	}
	names := make([]string, 0, len(found))
	for _, l := range found {
		names = append(names, fmt.Sprintf("%q", l.Name))
	}
	return nil, fmt.Errorf("%q could be %s; write the level's full name", cell, strings.Join(names, " or "))
}

// person finds the individual a row names: the same folded name among the people who held a
// post in the unit, and the same birth year when both are known. Nobody: a new person. Two or
// more: an error listing them, for the row to say which.
func (cat *catalogue) person(name string, unit *ent.Collective, birthYear *int) (*ent.Individual, error) {
	want := textfold.Fold(name)
	var found []*ent.Individual
	for _, p := range cat.people[unit.ID] {
		if textfold.Fold(p.FullName) != want {
			continue
		}
		if birthYear != nil && p.BirthYear != nil && *p.BirthYear != *birthYear {
			continue
		}
		found = append(found, p)
	}
	if len(found) > 1 {
		names := make([]string, 0, len(found))
		for _, p := range found {
			born := "năm sinh chưa rõ"
			if p.BirthYear != nil {
				born = "sinh " + strconv.Itoa(*p.BirthYear)
			}
			names = append(names, fmt.Sprintf("%s (#%d, %s)", p.FullName, p.ID, born))
		}
		return nil, fmt.Errorf("%d people of %s match: %s; add the birth year", len(found), unit.Name, strings.Join(names, ", "))
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return nil, nil
}

// parsePeriod reads "Năm học 2023-2024", "Năm 2024", "Nhiệm kỳ 2023-2028", "Giai đoạn
// 2021-2025" or bare years, which take the file's default kind.
func parsePeriod(cell string, kind enum.PeriodKind) (period.Period, error) {
	folded := textfold.Fold(cell)
	switch {
	case strings.Contains(folded, "nam hoc"):
		kind = enum.PeriodSchoolYear
	case strings.Contains(folded, "nhiem ky"):
		kind = enum.PeriodTerm
	case strings.Contains(folded, "giai doan"):
		kind = enum.PeriodPhase
	case strings.Contains(folded, "nam"):
		kind = enum.PeriodCalendarYear
	}
	var years []string
	for _, w := range strings.Fields(folded) {
		if len(w) == 4 {
			if _, err := strconv.Atoi(w); err == nil {
				years = append(years, w)
			}
		}
	}
	if len(years) == 0 || len(years) > 2 {
		return period.Period{}, fmt.Errorf("%q is not a period (write e.g. \"Năm học 2023-2024\" or \"Năm 2024\")", cell)
	}
	p, err := period.Parse(kind, strings.Join(years, "-"))
	if err != nil {
		return period.Period{}, fmt.Errorf("%q: %w", cell, err)
	}
	return p, nil
}

// parseBirthYear reads a year, a date of birth, or an Excel date serial.
func parseBirthYear(cell string) (*int, error) {
	if cell == "" {
		return nil, nil
	}
	if n, err := strconv.Atoi(cell); err == nil && n >= 1900 && n <= 2100 {
		return &n, nil
	}
	if d, err := parseDay(cell); err == nil {
		y := d.Year()
		return &y, nil
	}
	return nil, fmt.Errorf("%q is not a year of birth", cell)
}

func parseGender(cell string) (*string, error) {
	switch textfold.Fold(cell) {
	case "":
		return nil, nil
	case "nu":
		g := "FEMALE"
		return &g, nil
	case "nam":
		g := "MALE"
		return &g, nil
	}
	return nil, fmt.Errorf("%q: write Nam or Nữ", cell)
}

// recipientKind reads the "Đối tượng" column or a section heading ("I. Tập thể", "B. CÁ NHÂN").
func recipientKind(text string) (enum.RecipientKind, bool) {
	folded := textfold.Fold(text)
	switch {
	case strings.Contains(folded, "tap the"):
		return enum.RecipientCollective, true
	case strings.Contains(folded, "ca nhan"):
		return enum.RecipientIndividual, true
	}
	return "", false
}
