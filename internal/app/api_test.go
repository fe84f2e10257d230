package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"vinhdanh/ent/collective"
	"vinhdanh/ent/individual"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/textfold"
)

type page struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   struct {
			ID   string
			Name string
		}
	}
}

func (p page) names() []string {
	out := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		out[i] = e.Node.Name
	}
	return out
}

const collectivesPage = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor) {
	collectives(first: $first, after: $after, last: $last, before: $before, orderBy: [{field: NAME}], where: {kind: GRASSROOTS_UNION}) {
		totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		edges { cursor node { id name } } } }`

// TestPagination walks the grassroots unions forwards and backwards in pages of 7 and checks
// that both walks see every unit once, in the same order.
func TestPagination(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		var forward []string
		var after any
		total := -1
		for i := 0; ; i++ {
			var out struct{ Collectives page }
			s.query(collectivesPage, map[string]any{"first": 7, "after": after}, &out)
			p := out.Collectives
			total = p.TotalCount
			forward = append(forward, p.names()...)
			if !p.PageInfo.HasNextPage {
				break
			}
			if i > 20 {
				t.Fatal("forward pagination does not end")
			}
			after = *p.PageInfo.EndCursor
		}
		var backward []string
		var before any
		for i := 0; ; i++ {
			var out struct{ Collectives page }
			s.query(collectivesPage, map[string]any{"last": 7, "before": before}, &out)
			p := out.Collectives
			backward = append(p.names(), backward...)
			if !p.PageInfo.HasPreviousPage {
				break
			}
			if i > 20 {
				t.Fatal("backward pagination does not end")
			}
			before = *p.PageInfo.StartCursor
		}
		// 27 Hai Bà Trưng unions, Bản Hồ, 2 in Thanh Trì and 7 in Mỹ Đức.
		if total != 37 || len(forward) != total {
			t.Fatalf("forward walk saw %d of totalCount %d, want 37", len(forward), total)
		}
		if strings.Join(forward, "|") != strings.Join(backward, "|") {
			t.Errorf("forward and backward walks differ:\n%v\n%v", forward, backward)
		}
		seen := map[string]bool{}
		for _, n := range forward {
			if seen[n] {
				t.Errorf("%q seen twice", n)
			}
			seen[n] = true
		}
	})
}

func TestPageBounds(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		// No first or last: the default page, with the rest behind hasNextPage.
		var out struct{ Collectives page }
		s.query(`{ collectives { totalCount pageInfo { hasNextPage } edges { node { id } } } }`, nil, &out)
		if got := len(out.Collectives.Edges); got != 50 || !out.Collectives.PageInfo.HasNextPage || out.Collectives.TotalCount <= 50 {
			t.Errorf("default page: %d edges, hasNextPage %v, total %d; want 50 of more", got, out.Collectives.PageInfo.HasNextPage, out.Collectives.TotalCount)
		}
		for _, q := range []string{
			`{ awards(first: 201) { totalCount } }`,
			`{ awards(last: 1000) { totalCount } }`,
			`{ awards(first: -1) { totalCount } }`,
			`{ awards(first: 2, last: 2) { totalCount } }`,
			`{ collectives(first: 1) { edges { node { children(first: 500) { totalCount } } } } }`,
		} {
			e := s.fail(q, nil)
			if e.code() != "BAD_USER_INPUT" {
				t.Errorf("%s: code %q (%s), want BAD_USER_INPUT", q, e.code(), e.Message)
			}
		}
		var ok struct{ Awards struct{ Edges []any } }
		s.query(`{ awards(first: 200) { edges { node { id } } } }`, nil, &ok)
		if len(ok.Awards.Edges) != 40 {
			t.Errorf("first: 200 returned %d awards, want all 40", len(ok.Awards.Edges))
		}

		// Nested connections are bounded where they are loaded, not only in the output.
		ctx := rule.SystemContext(context.Background())
		parent := s.db.Client.Collective.Create().SetName("Liên đoàn Lao động thử nghiệm").
			SetKind(enum.KindDistrictFederation).SetTier(enum.TierDistrict).SaveX(ctx)
		for i := range 60 {
			s.db.Client.Collective.Create().SetName(fmt.Sprintf("Công đoàn thử nghiệm %02d", i)).
				SetKind(enum.KindGrassrootsUnion).SetTier(enum.TierGrassroots).SetParent(parent).ExecX(ctx)
		}
		var nested struct {
			Collectives struct {
				Edges []struct {
					Node struct {
						Children struct {
							PageInfo struct{ HasNextPage bool }
							Edges    []any
						}
					}
				}
			}
		}
		s.counter.Reset()
		s.query(`{ collectives(where: {name: "Liên đoàn Lao động thử nghiệm"}) { edges { node {
			children { pageInfo { hasNextPage } edges { node { name } } } } } } }`, nil, &nested)
		children := nested.Collectives.Edges[0].Node.Children
		if len(children.Edges) != 50 || !children.PageInfo.HasNextPage {
			t.Errorf("nested page without first: %d edges, hasNextPage %v; want 50 and more", len(children.Edges), children.PageInfo.HasNextPage)
		}
		if len(s.counter.Matching("ROW_NUMBER")) == 0 {
			t.Errorf("the nested children were loaded without a per-parent limit: %+v", s.counter.Statements())
		}
	})
}

func TestFiltersAndOrdering(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		count := func(where string) int {
			var out struct{ Awards struct{ TotalCount int } }
			s.query(`{ awards(where: `+where+`) { totalCount } }`, nil, &out)
			return out.Awards.TotalCount
		}
		for _, tt := range []struct {
			where string
			want  int
		}{
			{`{}`, 40},
			{`{recipientKind: INDIVIDUAL}`, 12},
			{`{recipientKind: COLLECTIVE}`, 28},
			{`{hasLevelWith: {code: "NATIONAL_BANG_KHEN"}}`, 7},
			{`{periodKind: SCHOOL_YEAR, periodStartYear: 2022}`, 35},
			{`{periodIncludes: {kind: SCHOOL_YEAR, year: 2023}}`, 35},
			// The 2022 Cờ thi đua is a calendar year: a school-year filter never mixes it in.
			{`{periodIncludes: {kind: CALENDAR_YEAR, year: 2022}}`, 1},
			{`{periodIncludes: {kind: SCHOOL_YEAR, year: 2021}}`, 0},
			{`{periodKindIsNil: true}`, 4},
			{`{hasCeremony: false}`, 1},
			{`{hasMovementWith: {nameContains: "Lao động giỏi"}}`, 4},
			{`{hasIndividualWith: {fullName: "Đặng Văn Đức"}}`, 1},
			{`{or: [{recipientKind: INDIVIDUAL}, {hasLevelWith: {code: "CITY_CO_THI_DUA"}}]}`, 14},
		} {
			if got := count(tt.where); got != tt.want {
				t.Errorf("awards(where: %s) = %d, want %d", tt.where, got, tt.want)
			}
		}

		// Highest level first, then recipients by name.
		var out struct {
			Awards struct {
				Edges []struct {
					Node struct {
						RecipientName string
						Level         struct{ Rank int }
					}
				}
			}
		}
		s.query(`{ awards(first: 200, orderBy: [{field: LEVEL_RANK, direction: DESC}, {field: RECIPIENT_NAME}]) {
			edges { node { recipientName level { rank } } } } }`, nil, &out)
		edges := out.Awards.Edges
		if !sort.SliceIsSorted(edges, func(i, j int) bool {
			a, b := edges[i].Node, edges[j].Node
			if a.Level.Rank != b.Level.Rank {
				return a.Level.Rank > b.Level.Rank
			}
			return false
		}) || edges[0].Node.Level.Rank != 900 {
			t.Errorf("awards are not ordered by level rank, highest first")
		}

		// FULL_NAME order files people under their given name, in Vietnamese order, on every
		// database alike.
		var people struct {
			Individuals struct {
				Edges []struct{ Node struct{ FullName string } }
			}
		}
		s.query(`{ individuals(first: 200, orderBy: [{field: FULL_NAME}]) { edges { node { fullName } } } }`, nil, &people)
		var fullNames []string
		for _, e := range people.Individuals.Edges {
			fullNames = append(fullNames, e.Node.FullName)
		}
		if !sort.SliceIsSorted(fullNames, func(i, j int) bool {
			return textfold.SortKey(fullNames[i], true) < textfold.SortKey(fullNames[j], true)
		}) || fullNames[0] != "Phạm Thị Vân Anh" {
			t.Errorf("individuals by FULL_NAME: %v", fullNames)
		}

		var tiers struct {
			Collectives struct {
				Edges []struct{ Node struct{ Name string } }
			}
		}
		s.query(`{ collectives(where: {tier: NATIONAL}, orderBy: [{field: NAME}]) { edges { node { name } } } }`, nil, &tiers)
		var names []string
		for _, e := range tiers.Collectives.Edges {
			names = append(names, e.Node.Name)
		}
		if strings.Join(names, "|") != "Công đoàn Giáo dục Việt Nam|Tổng Liên đoàn Lao động Việt Nam" {
			t.Errorf("national collectives = %v", names)
		}
	})
}

// TestBrowse walks what a newcomer does in the playground: the tree from the confederation
// down to a school's union, a person's positions and awards, a ceremony's awards.
func TestBrowse(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		var tree struct {
			Collectives struct {
				Edges []struct {
					Node struct {
						Name     string
						Children struct {
							Edges []struct {
								Node struct {
									Name     string
									Children struct {
										Edges []struct {
											Node struct {
												Name     string
												Parent   struct{ Name string }
												Children struct{ TotalCount int }
											}
										}
									}
								}
							}
						}
					}
				}
			}
		}
		// Pages sized to what is asked: every nested page multiplies the query's cost.
		s.query(`{ collectives(where: {name: "Tổng Liên đoàn Lao động Việt Nam"}, first: 1) { edges { node { name
			children(where: {name: "Liên đoàn Lao động thành phố Hà Nội"}, first: 5) { edges { node { name
				children(where: {name: "Liên đoàn Lao động quận Hai Bà Trưng"}, first: 5) { edges { node { name parent { name }
					children { totalCount } } } } } } } } } } }`, nil, &tree)
		hn := tree.Collectives.Edges[0].Node.Children.Edges[0].Node
		hbt := hn.Children.Edges[0].Node
		if hbt.Name != "Liên đoàn Lao động quận Hai Bà Trưng" || hbt.Parent.Name != hn.Name || hbt.Children.TotalCount != 27 {
			t.Errorf("Hai Bà Trưng in the tree: %+v", hbt)
		}

		// Positions over time: two chairs of LĐLĐ huyện Thanh Trì, each from its article.
		var chairs struct {
			Collectives struct {
				Edges []struct {
					Node struct {
						Positions struct {
							Edges []struct {
								Node struct {
									Title, Source string
									Individual    struct{ FullName string }
								}
							}
						}
					}
				}
			}
		}
		s.query(`{ collectives(where: {name: "Liên đoàn Lao động huyện Thanh Trì"}) { edges { node {
			positions(where: {title: "Chủ tịch"}) { edges { node { title source individual { fullName } } } } } } } }`, nil, &chairs)
		var holders []string
		for _, e := range chairs.Collectives.Edges[0].Node.Positions.Edges {
			holders = append(holders, e.Node.Individual.FullName)
		}
		sort.Strings(holders)
		if strings.Join(holders, ", ") != "Lương Anh Dũng, Nguyễn Danh Huy" {
			t.Errorf("chairs of LĐLĐ huyện Thanh Trì = %v", holders)
		}

		// An individual's award history.
		var person struct {
			Individuals struct {
				Edges []struct {
					Node struct {
						FullName  string
						Positions struct {
							Edges []struct {
								Node struct{ Collective struct{ Name string } }
							}
						}
						Awards struct {
							Edges []struct {
								Node struct {
									Period   string
									Level    struct{ Code string }
									Decision struct{ Number string }
									Ceremony struct{ HeldOn string }
								}
							}
						}
					}
				}
			}
		}
		s.query(`{ individuals(where: {fullName: "Đặng Văn Đức"}) { edges { node { fullName
			positions { edges { node { collective { name } } } }
			awards { edges { node { period level { code } decision { number } ceremony { heldOn } } } } } } } }`, nil, &person)
		p := person.Individuals.Edges[0].Node
		if len(p.Awards.Edges) != 1 {
			t.Fatalf("awards of %s: %+v", p.FullName, p.Awards)
		}
		a := p.Awards.Edges[0].Node
		if a.Level.Code != "NATIONAL_BANG_KHEN" || a.Period != "2022-2023" || a.Ceremony.HeldOn != "2023-08-30" || a.Decision.Number == "" {
			t.Errorf("award of %s: %+v", p.FullName, a)
		}
		if p.Positions.Edges[0].Node.Collective.Name != "Công đoàn Trường THCS Ngô Gia Tự" {
			t.Errorf("position of %s: %+v", p.FullName, p.Positions)
		}

		// A dissolved unit keeps its history and links to its successor.
		var merged struct {
			Collectives struct {
				Edges []struct {
					Node struct {
						DissolvedOn *string
						Successors  []struct {
							Name         string
							Predecessors []struct{ Name string }
						}
					}
				}
			}
		}
		s.query(`{ collectives(where: {name: "Công đoàn Trường Tiểu học thị trấn Đại Nghĩa"}) { edges { node {
			dissolvedOn successors { name predecessors { name } } } } } }`, nil, &merged)
		m := merged.Collectives.Edges[0].Node
		if m.DissolvedOn == nil || len(m.Successors) != 1 || len(m.Successors[0].Predecessors) != 2 {
			t.Errorf("merger of the Đại Nghĩa schools: %+v", m)
		}
	})
}

// TestNode resolves one record of every type through node(id) and nodes(ids).
func TestNode(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		// The demo has no nominations yet; the workflow adds them. Make one here.
		school, err := s.db.Client.Collective.Query().Where(collective.Name("Công đoàn Trường Tiểu học Tô Hoàng")).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		teacher, err := s.db.Client.Individual.Query().Where(individual.FullName("Lê Thị Thu Trang")).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		level := s.levelID(ctx, "DISTRICT_GIAY_KHEN")
		nom, err := s.db.Client.Nomination.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividual(teacher).
			SetLevelID(level).SetProposer(school).SetAchievements("Sáng kiến cấp quận.").
			SetPeriodKind(enum.PeriodSchoolYear).SetPeriodStartYear(2023).SetPeriodEndYear(2024).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}

		ids := map[string]string{"Nomination": fmt.Sprint(nom.ID)}
		admin := s.as("admin@demo.vinhdanh.vn")
		var out struct {
			Awards struct {
				Edges []struct {
					Node struct {
						ID       string
						Level    struct{ ID string }
						Decision struct{ ID string }
						Ceremony struct {
							ID         string
							Presenters []struct{ ID string }
						}
						Collective struct{ ID string }
					}
				}
			}
			Individuals struct {
				Edges []struct{ Node struct{ ID string } }
			}
			Positions          []any
			EmulationMovements struct {
				Edges []struct{ Node struct{ ID string } }
			}
			X struct {
				Edges []struct {
					Node struct {
						Positions struct {
							Edges []struct{ Node struct{ ID string } }
						}
					}
				}
			}
		}
		s.query(`{ awards(first: 1, where: {hasDecision: true, hasCeremony: true, recipientKind: COLLECTIVE}) { edges { node { id level { id } decision { id }
				ceremony { id presenters { id } } collective { id } } } }
			individuals(first: 1) { edges { node { id } } }
			emulationMovements(first: 1) { edges { node { id } } }
			x: individuals(first: 1, where: {hasPositions: true}) { edges { node { positions(first: 1) { edges { node { id } } } } } } }`, nil, &out)
		a := out.Awards.Edges[0].Node
		ids["Award"] = a.ID
		ids["AwardLevel"] = a.Level.ID
		ids["Decision"] = a.Decision.ID
		ids["Ceremony"] = a.Ceremony.ID
		ids["CeremonyPresenter"] = a.Ceremony.Presenters[0].ID
		ids["Collective"] = a.Collective.ID
		ids["Individual"] = out.Individuals.Edges[0].Node.ID
		ids["EmulationMovement"] = out.EmulationMovements.Edges[0].Node.ID
		ids["Position"] = out.X.Edges[0].Node.Positions.Edges[0].Node.ID

		var all []string
		for typ, id := range ids {
			var n struct {
				Node struct {
					Typename string `json:"__typename"`
					ID       string
				}
			}
			admin.query(`query($id: ID!) { node(id: $id) { __typename id } }`, map[string]any{"id": id}, &n)
			if n.Node.Typename != typ || n.Node.ID != id {
				t.Errorf("node(%s) = %+v, want a %s", id, n.Node, typ)
			}
			all = append(all, id)
		}
		var many struct {
			Nodes []struct {
				ID string
			}
		}
		admin.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": all}, &many)
		if len(many.Nodes) != len(all) {
			t.Errorf("nodes returned %d of %d", len(many.Nodes), len(all))
		}
		for i, n := range many.Nodes {
			if n.ID != all[i] {
				t.Errorf("nodes[%d] = %s, want %s (order kept)", i, n.ID, all[i])
			}
		}
	})
}

func TestErrors(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		for _, tt := range []struct {
			name, query, code string
		}{
			{"unknown id", `{ node(id: "8589934592000") { id } }`, "NOT_FOUND"},
			{"id of no type", `{ node(id: "999999999999999") { id } }`, "NOT_FOUND"},
			{"malformed id", `{ node(id: "abc") { id } }`, "BAD_USER_INPUT"},
			{"malformed cursor", `{ awards(after: "not-a-cursor") { totalCount } }`, "BAD_USER_INPUT"},
			{"malformed date", `{ ceremonies(where: {heldOn: "30/8/2023"}) { totalCount } }`, "BAD_USER_INPUT"},
			{"empty search", `{ search(text: "  ") { __typename } }`, "BAD_USER_INPUT"},
			{"search page too large", `{ search(text: "nguyen", first: 1000) { __typename } }`, "BAD_USER_INPUT"},
			{"unknown field", `{ awards { edges { node { email } } } }`, "GRAPHQL_VALIDATION_FAILED"},
			{"private contact field", `{ individuals { edges { node { phone } } } }`, "GRAPHQL_VALIDATION_FAILED"},
			{"syntax", `{ awards { `, "GRAPHQL_PARSE_FAILED"},
			{"no such mutation", `mutation { createAward { id } }`, "GRAPHQL_VALIDATION_FAILED"},
		} {
			e := s.fail(tt.query, nil)
			if e.code() != tt.code {
				t.Errorf("%s: code %q (%q), want %s", tt.name, e.code(), e.Message, tt.code)
			}
		}
	})
}

// TestInternalErrorsAreMasked breaks the database under a running server: the client gets
// "internal error" and a request id, never SQL, and the log has the cause under that id.
func TestInternalErrorsAreMasked(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		if _, err := s.db.SQL.Exec("ALTER TABLE ceremony_presenters RENAME TO ceremony_presenters_gone"); err != nil {
			t.Fatal(err)
		}
		r := s.post(`{ ceremonies { edges { node { presenters { role } } } } }`, nil)
		if len(r.Errors) == 0 {
			t.Fatalf("no error: %s", r.Data)
		}
		e := r.Errors[0]
		id, _ := e.Extensions["requestId"].(string)
		if e.Message != "internal error" || e.code() != "INTERNAL_SERVER_ERROR" || id == "" {
			t.Errorf("error = %+v, want a masked internal error with a request id", e)
		}
		raw, _ := json.Marshal(r.Errors)
		if strings.Contains(strings.ToLower(string(raw)), "ceremony_presenters") || strings.Contains(string(raw), "SELECT") {
			t.Errorf("SQL leaked to the client: %s", raw)
		}
		if !strings.Contains(s.logs.String(), id) || !strings.Contains(s.logs.String(), "ceremony_presenters") {
			t.Errorf("the log does not hold the cause under request id %s:\n%s", id, s.logs.String())
		}
	})
}

func TestHTTP(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	get := func(path string, header http.Header) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
		for k, v := range header {
			req.Header[k] = v
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	if res, body := get("/healthz", nil); res.StatusCode != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", res.StatusCode, body)
	}
	if res, body := get("/readyz", nil); res.StatusCode != 200 || body != "ready\n" {
		t.Errorf("/readyz = %d %q", res.StatusCode, body)
	}
	if res, body := get("/", nil); res.StatusCode != 200 || !strings.Contains(body, "Vinh Danh") || strings.Contains(body, "https://") {
		t.Errorf("playground = %d, must be served and load nothing from a CDN", res.StatusCode)
	}
	// Queries over GET, with the request id echoed.
	q := url.QueryEscape(`{ awardLevels(where: {code: "CITY_BANG_KHEN"}) { edges { node { name recipientKinds } } } }`)
	res, body := get("/query?query="+q, http.Header{"X-Request-Id": {"test-request-0001"}})
	if res.StatusCode != 200 || !strings.Contains(body, "Bằng khen của Liên đoàn Lao động Thành phố") || !strings.Contains(body, `["COLLECTIVE","INDIVIDUAL"]`) {
		t.Errorf("GET /query = %d %s", res.StatusCode, body)
	}
	if got := res.Header.Get("X-Request-Id"); got != "test-request-0001" {
		t.Errorf("X-Request-Id = %q", got)
	}
	if !strings.Contains(s.logs.String(), "test-request-0001") {
		t.Error("the access log does not carry the request id")
	}
	// CORS: a configured origin may send Authorization; another origin gets no grant.
	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, s.url+"/query", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := preflight("https://staff.example"); res.Header.Get("Access-Control-Allow-Origin") != "https://staff.example" ||
		!strings.Contains(strings.ToLower(res.Header.Get("Access-Control-Allow-Headers")), "authorization") {
		t.Errorf("allowed origin preflight: %v", res.Header)
	}
	if res := preflight("https://evil.example"); res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("disallowed origin got %q", res.Header.Get("Access-Control-Allow-Origin"))
	}
}
