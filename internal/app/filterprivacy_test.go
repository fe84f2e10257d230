package app_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"vinhdanh/ent/award"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/rule"
)

// filterPath is a where input reaching a private entity from a root query: the root field,
// the chain of hasXWith fields, and the where input type it ends in.
type filterPath struct {
	root   string
	fields []string
	target string
}

func (p filterPath) String() string { return p.root + "." + strings.Join(p.fields, ".") }

// where nests leaf under the path's hasXWith fields.
func (p filterPath) where(leaf map[string]any) map[string]any {
	w := leaf
	for i := len(p.fields) - 1; i >= 0; i-- {
		w = map[string]any{p.fields[i]: []any{w}}
	}
	return w
}

// privateTargets are the where inputs of entities with rows some callers may not read.
var privateTargets = map[string]bool{
	"NominationWhereInput": true, "NominationEventWhereInput": true, "UserWhereInput": true,
	"AuditEventWhereInput": true, "AwardWhereInput": true,
}

// filterPaths walks the schema by introspection: every root connection with a where argument,
// every chain of hasXWith fields up to depth hops, that ends in a private entity.
func filterPaths(s *server, depth int) []filterPath {
	var schema struct {
		Schema struct {
			QueryType struct {
				Fields []struct {
					Name string
					Args []struct {
						Name string
						Type struct{ Name string }
					}
				}
			}
			Types []struct {
				Name        string
				Kind        string
				InputFields []struct {
					Name string
					Type struct {
						Kind   string
						OfType *struct {
							Kind   string
							Name   string
							OfType *struct{ Name string }
						}
					}
				}
			}
		} `json:"__schema"`
	}
	s.query(`{ __schema { queryType { fields { name args { name type { name } } } }
		types { name kind inputFields { name type { kind ofType { kind name ofType { name } } } } } } }`, nil, &schema)
	hops := map[string]map[string]string{} // input type → hasXWith field → target input type
	for _, t := range schema.Schema.Types {
		if t.Kind != "INPUT_OBJECT" || !strings.HasSuffix(t.Name, "WhereInput") {
			continue
		}
		hops[t.Name] = map[string]string{}
		for _, f := range t.InputFields {
			if strings.HasPrefix(f.Name, "has") && strings.HasSuffix(f.Name, "With") && f.Type.OfType != nil && f.Type.OfType.OfType != nil {
				hops[t.Name][f.Name] = f.Type.OfType.OfType.Name
			}
		}
	}
	var out []filterPath
	var walk func(root, input string, fields []string)
	walk = func(root, input string, fields []string) {
		if len(fields) > 0 && privateTargets[input] {
			out = append(out, filterPath{root: root, fields: append([]string(nil), fields...), target: input})
		}
		if len(fields) == depth {
			return
		}
		for field, next := range hops[input] {
			walk(root, next, append(fields, field))
		}
	}
	for _, f := range schema.Schema.QueryType.Fields {
		for _, a := range f.Args {
			if a.Name == "where" && strings.HasSuffix(a.Type.Name, "WhereInput") {
				walk(f.Name, a.Type.Name, nil)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// privateFields reads the schema files for fields marked @private: type → field names.
func privateFields(t *testing.T) map[string][]string {
	out := map[string][]string{}
	files, _ := filepath.Glob("../../schema/*.graphql")
	typeLine := regexp.MustCompile(`^(?:extend )?type (\w+)`)
	fieldLine := regexp.MustCompile(`^\s+(\w+)(?:\([^)]*\))?: .*@private`)
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		current := ""
		for _, line := range strings.Split(string(text), "\n") {
			if m := typeLine.FindStringSubmatch(line); m != nil {
				current = m[1]
			} else if m := fieldLine.FindStringSubmatch(line); m != nil && current != "" {
				out[current] = append(out[current], m[1])
			}
		}
	}
	return out
}

// TestPrivateFieldsCannotBeFiltered: no where input offers a filter on a field marked
// @private, so a private value cannot be probed through a filter on its public type.
func TestPrivateFieldsCannotBeFiltered(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	private := privateFields(t)
	if len(private) == 0 {
		t.Fatal("no @private fields found in the schema files")
	}
	var schema struct {
		Schema struct {
			Types []struct {
				Name        string
				InputFields []struct{ Name string }
			}
		} `json:"__schema"`
	}
	s.query(`{ __schema { types { name inputFields { name } } } }`, nil, &schema)
	for _, typ := range schema.Schema.Types {
		fields := private[strings.TrimSuffix(typ.Name, "WhereInput")]
		if !strings.HasSuffix(typ.Name, "WhereInput") || len(fields) == 0 {
			continue
		}
		for _, in := range typ.InputFields {
			for _, f := range fields {
				if in.Name == f || (strings.HasPrefix(in.Name, f) && len(in.Name) > len(f) && in.Name[len(f)] >= 'A' && in.Name[len(f)] <= 'Z') {
					t.Errorf("%s.%s filters on the private field %s", typ.Name, in.Name, f)
				}
			}
		}
	}
}

// TestFiltersRevealNothingPrivate walks every filter path of the schema that reaches a private
// entity and checks that anonymous and out-of-scope callers get the same answer whether the
// filter matches the private rows or matches nothing.
func TestFiltersRevealNothingPrivate(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		teacher := school.newTeacher("Vũ Thị Bí Mật")
		n := school.step("submit", school.draft(teacher, "DISTRICT_GIAY_KHEN"), "", nil)
		district.step("return", n, "", map[string]any{"comment": "Thiếu biên bản họp bình xét"})
		// One private award of a Hai Bà Trưng unit: visible to its federation, not to the
		// public nor to Thanh Trì.
		a := s.db.Client.Award.Query().Where(award.CollectiveIDNotNil(),
			award.HasLevelWith(awardlevel.Code("DISTRICT_GIAY_KHEN"))).FirstX(ctx)
		s.db.Client.Award.UpdateOne(a).SetPublic(false).ExecX(ctx)

		ids := map[string][]string{}
		gids := func(target string, raw []int) {
			for _, id := range raw {
				ids[target] = append(ids[target], fmt.Sprint(id))
			}
		}
		gids("NominationWhereInput", s.db.Client.Nomination.Query().IDsX(ctx))
		gids("NominationEventWhereInput", s.db.Client.NominationEvent.Query().IDsX(ctx))
		gids("UserWhereInput", s.db.Client.User.Query().IDsX(ctx))
		gids("AuditEventWhereInput", s.db.Client.AuditEvent.Query().IDsX(ctx))
		gids("AwardWhereInput", []int{a.ID})
		for target, list := range ids {
			if len(list) == 0 {
				t.Fatalf("no private rows of %s to probe with", target)
			}
		}

		paths := filterPaths(s, 2)
		if len(paths) < 20 {
			t.Fatalf("found only %d filter paths to private entities; the walk is broken", len(paths))
		}
		callers := map[string]*server{"anonymous": s, "out of scope": s.as("staff.thanhtri@demo.vinhdanh.vn")}
		count := func(c *server, p filterPath, leaf map[string]any) (string, string) {
			r := c.post(fmt.Sprintf(`query($w: %s) { %s(where: $w) { totalCount } }`, rootInput(p.root), p.root),
				map[string]any{"w": p.where(leaf)})
			if len(r.Errors) > 0 {
				return "", r.Errors[0].code()
			}
			return string(r.Data), ""
		}
		probes := 0
		for name, c := range callers {
			for _, p := range paths {
				match, matchErr := count(c, p, map[string]any{"idIn": ids[p.target]})
				miss, missErr := count(c, p, map[string]any{"idIn": []string{"999999999999"}})
				probes++
				if match != miss || matchErr != missErr {
					t.Errorf("%s: %s tells private rows apart: %s%s vs %s%s", name, p, match, matchErr, miss, missErr)
				}
			}
			// The issue's own probe: reading achievements out prefix by prefix.
			p := filterPath{root: "individuals", fields: []string{"hasNominationsWith"}, target: "NominationWhereInput"}
			match, _ := count(c, p, map[string]any{"achievementsHasPrefix": "Sáng kiến cấp quận"})
			miss, _ := count(c, p, map[string]any{"achievementsHasPrefix": "Không có"})
			if match != miss {
				t.Errorf("%s: achievements can be read through individuals(where:): %s vs %s", name, match, miss)
			}
		}
		// hasX: true on an edge to private rows counts only visible rows.
		var got struct{ Individuals struct{ TotalCount int } }
		s.query(`{ individuals(where: {hasNominations: true}) { totalCount } }`, nil, &got)
		if got.Individuals.TotalCount != 0 {
			t.Errorf("anonymous individuals(where: {hasNominations: true}) = %d, want 0", got.Individuals.TotalCount)
		}
		// The proposer still finds its own nominee through the same filter.
		school.query(`{ individuals(where: {hasNominations: true}) { totalCount } }`, nil, &got)
		if got.Individuals.TotalCount != 1 {
			t.Errorf("school staff individuals(where: {hasNominations: true}) = %d, want 1", got.Individuals.TotalCount)
		}
		t.Logf("%d filter paths to private entities, %d probes", len(paths), probes)
	})
}

// rootInput is the where input type of a root connection, e.g. individuals → IndividualWhereInput.
func rootInput(root string) string {
	switch root {
	case "awardLevels":
		return "AwardLevelWhereInput"
	case "emulationMovements":
		return "EmulationMovementWhereInput"
	case "auditEvents":
		return "AuditEventWhereInput"
	}
	singular := strings.TrimSuffix(root, "s")
	if strings.HasSuffix(root, "ies") {
		singular = strings.TrimSuffix(root, "ies") + "y"
	}
	return strings.ToUpper(singular[:1]) + singular[1:] + "WhereInput"
}
