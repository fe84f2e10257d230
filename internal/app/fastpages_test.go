package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"vinhdanh/ent/award"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

// TestFastPagesAreGqlgensAnswer holds graph.FastPages, which writes some pages itself, to
// gqlgen's own answer. Random queries of its three pages (honor rolls, people with their
// awards, a person's history by node; fields in any order and subset, aliases, __typename,
// inline and named fragments, @include and @skip, rolls of every size, periods, second pages,
// a second alias of a page's edges, an award's id through node) are asked twice: as they are,
// which FastPages answers, and with one more award field it does not write (citation), which
// sends the page through gqlgen; the two answers must be the same token for token once that
// field is taken out. The seed is printed on failure.
func TestFastPagesAreGqlgensAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s := newServer(t, target, func(o *httpserver.Options) { o.Cache = nil }) // every answer computed
		// A few people with several awards, so that pages of people hold award pages of more
		// than one (the demo records give most people one).
		ctx := rule.SystemContext(context.Background())
		some := s.db.Client.Award.Query().Where(award.RecipientKindEQ(enum.RecipientIndividual), award.Public(true)).
			Order(award.ByID()).Limit(4).AllX(ctx)
		var people []string
		for _, a := range some {
			people = append(people, fmt.Sprint(*a.IndividualID))
			for y := 2015; y < 2019; y++ {
				s.db.Client.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividualID(*a.IndividualID).
					SetLevelID(a.LevelID).SetNillableDecisionID(a.DecisionID).SetNillableCeremonyID(a.CeremonyID).
					SetPeriodKind(enum.PeriodSchoolYear).SetPeriodStartYear(y).SetPeriodEndYear(y + 1).SetPublic(true).ExecX(ctx)
			}
		}
		people = append(people, fmt.Sprint(some[0].ID)) // an award: node answers it through gqlgen
		seed := uint64(time.Now().UnixNano())
		t.Logf("seed %d", seed)
		r := rand.New(rand.NewPCG(seed, 7))
		units := []string{
			s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng"),
			s.collectiveID("Liên đoàn Lao động thành phố Hà Nội"),
			s.collectiveID("Công đoàn Giáo dục Việt Nam"),
		}
		refused := 0
		for i := range 120 {
			g := &randomPage{r: r}
			query, vars := g.build(units, people)
			fast := s.answer(query, vars)
			slow := s.answer(twin(query), vars)
			if overBudget(fast) || overBudget(slow) {
				// Refused for its cost (which the twin's extra fields raise): nothing to compare.
				refused++
				continue
			}
			if err := sameAnswer(fast, slow); err != nil {
				t.Fatalf("query %d (seed %d): %v\nquery: %s\nvariables: %v\nFastPages: %s\ngqlgen:   %s", i, seed, err, query, vars, fast, slow)
			}
			// The next page, from the page's own end cursor, when it has one.
			if cursor := endCursorOf(fast); cursor != "" && strings.Contains(query, "after: $after") {
				vars["after"] = cursor
				fast, slow = s.answer(query, vars), s.answer(twin(query), vars)
				if err := sameAnswer(fast, slow); err != nil {
					t.Fatalf("query %d, next page (seed %d): %v\nquery: %s\nFastPages: %s\ngqlgen:   %s", i, seed, err, query, fast, slow)
				}
			}
		}
		if refused > 20 {
			t.Errorf("%d of 120 queries were refused for their cost: the comparison says little (seed %d)", refused, seed)
		}
	})
}

// citationMark is where the gqlgen twin of a query asks the award's citation.
const citationMark = " #citation"

// twin is the query asking each award's citation too, which FastPages does not write.
func twin(query string) string { return strings.ReplaceAll(query, citationMark, " citation") }

// answer posts a query anonymously and returns the answer's body as it came.
func (s *server) answer(query string, vars map[string]any) []byte {
	s.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return []byte(s.raw("", string(body), nil).body)
}

// overBudget reports an answer refused for the query's cost.
func overBudget(body []byte) bool {
	return bytes.Contains(body, []byte(`"cost":`)) && bytes.Contains(body, []byte(`"data":null`))
}

// sameAnswer compares two answers token by token, leaving out the second's citation fields.
func sameAnswer(fast, slow []byte) error {
	a, err := tokens(fast, false)
	if err != nil {
		return err
	}
	b, err := tokens(slow, true)
	if err != nil {
		return err
	}
	if !strings.Contains(string(fast), `"edges"`) && !strings.Contains(string(fast), `"errors"`) && !strings.Contains(string(fast), `"node"`) {
		return errors.New("the answer holds no page")
	}
	if !slices.Equal(a, b) {
		return errors.New("the answers differ")
	}
	return nil
}

func tokens(body []byte, dropCitation bool) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var out []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if dropCitation && tok == "citation" {
			if _, err := dec.Token(); err != nil { // its value: a string or null
				return nil, err
			}
			continue
		}
		out = append(out, fmt.Sprintf("%T:%v", tok, tok))
	}
}

func endCursorOf(body []byte) string {
	var out struct {
		Data struct {
			HonorRoll   struct{ PageInfo struct{ EndCursor string } }
			Individuals struct{ PageInfo struct{ EndCursor string } }
		}
	}
	_ = json.Unmarshal(body, &out)
	return out.Data.HonorRoll.PageInfo.EndCursor + out.Data.Individuals.PageInfo.EndCursor
}

// randomPage builds a random honor-roll query of the fields FastPages writes.
type randomPage struct {
	r         *rand.Rand
	fragments []string
	n         int
}

func (g *randomPage) build(units, people []string) (string, map[string]any) {
	vars := map[string]any{"c": units[g.r.IntN(len(units))], "first": 1 + g.r.IntN(25), "yes": true}
	params := "collectiveID: $c, first: $first"
	decl := "$c: ID!, $first: Int, $yes: Boolean!"
	if g.r.IntN(3) == 0 {
		vars["d"] = g.r.IntN(2) == 0
		params += ", includeDescendants: $d"
		decl += ", $d: Boolean"
	}
	if g.r.IntN(3) == 0 {
		vars["p"] = []string{"2022-2023", "2023-2024", "2024", "2021-2025"}[g.r.IntN(4)]
		params += ", period: $p"
		decl += ", $p: String"
	}
	if g.r.IntN(2) == 0 {
		params += ", after: $after"
		decl += ", $after: Cursor"
	}
	root := "honorRoll(" + params + ") { " + g.connection("Award", g.award()) + " }"
	if g.r.IntN(2) == 0 { // people with their first awards instead, FastPages's other page
		delete(vars, "c")
		decl = strings.Replace(decl, "$c: ID!, ", "", 1)
		params = strings.Replace(params, "collectiveID: $c, ", "", 1)
		params = strings.Replace(params, ", includeDescendants: $d", "", 1)
		params = strings.Replace(params, ", period: $p", "", 1)
		decl = strings.Replace(strings.Replace(decl, ", $d: Boolean", "", 1), ", $p: String", "", 1)
		delete(vars, "d")
		delete(vars, "p")
		if g.r.IntN(2) == 0 {
			params += ", where: {hasAwards: true}"
		}
		awards := "awards" + []string{"", "(first: 3)", "(first: 1)", "(first: 7, orderBy: [{field: RECIPIENT_NAME}])"}[g.r.IntN(4)]
		person := g.pick("Individual", "id", "fullName", awards+" { "+g.connection("Award", g.award())+" }")
		root = "individuals(" + params + ") { " + g.connection("Individual", person) + " }"
	}
	if g.r.IntN(3) == 0 { // a person's history, FastPages's third page
		awards := "awards" + []string{"", "(first: 20)", "(first: 2)"}[g.r.IntN(3)]
		person := g.pick("Individual", "id", "fullName", awards+" { "+g.connection("Award", g.award())+" }")
		vars = map[string]any{"id": people[g.r.IntN(len(people))], "yes": true}
		decl = "$id: ID!, $yes: Boolean!"
		root = "node(id: $id) { " + []string{"", "__typename ", "id "}[g.r.IntN(3)] + "... on Individual { " + person + " } }"
	}
	body := root + " }"
	for _, f := range g.fragments {
		body += "\n" + f
	}
	if !strings.Contains(body, "$yes") { // a declared variable must be used
		decl = strings.Replace(decl, ", $yes: Boolean!", "", 1)
		delete(vars, "yes")
	}
	return "query Roll(" + decl + ") { " + body, vars
}

// award is a random selection of an award's fields, with the place its gqlgen twin asks more.
func (g *randomPage) award() string {
	return g.pick("Award", "id", "recipientName", "recipientUnit", "recipientPosition", "recipientKind",
		"period", "periodName", "periodKind",
		"level { "+g.pick("AwardLevel", "id", "code", "name", "rank")+" }",
		"decision { "+g.pick("Decision", "id", "number", "signedOn", "issuer { "+g.pick("Collective", "id", "name", "shortName")+" }")+" }",
		"ceremony { "+g.pick("Ceremony", "id", "name", "heldOn")+" }") + citationMark + "\n"
}

// connection is a random selection of a connection of typ whose nodes select node.
func (g *randomPage) connection(typ, node string) string {
	edge := "node { " + node + " }"
	if g.r.IntN(2) == 0 {
		edge = g.pick(typ+"Edge", "cursor") + " " + edge
	}
	conn := []string{"edges { " + edge + " }"}
	if typ == "Award" && g.r.IntN(4) == 0 { // a second alias of the edges, whose awards' edges entgql does not load
		conn = append(conn, "e2: edges { node { "+g.pick("Award", "id", "level { name }", "ceremony { name }", "decision { number }")+" } }")
	}
	if g.r.IntN(2) == 0 {
		conn = append(conn, "pageInfo { "+g.pick("PageInfo", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor")+" }")
	}
	if g.r.IntN(4) == 0 {
		conn = append(conn, "totalCount")
	}
	if g.r.IntN(4) == 0 {
		conn = append(conn, "__typename")
	}
	g.r.Shuffle(len(conn), func(i, j int) { conn[i], conn[j] = conn[j], conn[i] })
	return strings.Join(conn, " ")
}

// pick is a random non-empty selection of a type's fields in random order, some aliased,
// some under @include or @skip, some beside __typename, now and then through a fragment.
func (g *randomPage) pick(typ string, fields ...string) string {
	var chosen []string
	for _, f := range fields {
		if g.r.IntN(3) > 0 {
			chosen = append(chosen, f)
		}
	}
	if len(chosen) == 0 {
		chosen = append(chosen, fields[g.r.IntN(len(fields))])
	}
	g.r.Shuffle(len(chosen), func(i, j int) { chosen[i], chosen[j] = chosen[j], chosen[i] })
	for i, f := range chosen {
		name, sub, _ := strings.Cut(f, " {")
		if sub != "" {
			sub = " {" + sub
		}
		switch g.r.IntN(12) {
		case 0:
			chosen[i] = fmt.Sprintf("a%d: %s", g.next(), f)
		case 1:
			chosen[i] = name + " @include(if: $yes)" + sub
		case 2:
			chosen[i] = name + " @skip(if: $yes)" + sub + " " + f // skipped once, asked once
		case 3:
			chosen[i] = "__typename " + f
		}
	}
	out := strings.Join(chosen, " ")
	switch g.r.IntN(8) {
	case 0:
		return "... on " + typ + " { " + out + " }"
	case 1:
		name := fmt.Sprintf("F%d", g.next())
		g.fragments = append(g.fragments, "fragment "+name+" on "+typ+" { "+out+" }")
		return "..." + name
	}
	return out
}

func (g *randomPage) next() int { g.n++; return g.n }
