package app_test

import (
	"context"
	"database/sql"
	"testing"
)

// TestLevelsFromMemory: the pages people read most name each award's level from the catalogue
// kept in memory (internal/catalog): once it is held, no statement of a roll page, a person's
// history or a review queue reads award_levels; the names are the database's; a level renamed
// through the API shows in the next answer (the public cache's included); a level asked for its
// edges still has them; a mutation's answer reads its own transaction's levels.
func TestLevelsFromMemory(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
		const roll = `query($c: ID!) { honorRoll(collectiveID: $c, first: 30) { edges { node { id level { id code name rank } } } } }`
		type page struct {
			HonorRoll struct {
				Edges []struct {
					Node struct {
						ID    string
						Level struct{ ID, Code, Name string }
					}
				}
			}
		}
		read := func() (page, int) {
			t.Helper()
			s.counter.Reset()
			var out page
			s.query(roll, map[string]any{"c": hbt}, &out)
			if len(out.HonorRoll.Edges) < 5 {
				t.Fatalf("a roll of %d awards", len(out.HonorRoll.Edges))
			}
			return out, len(s.counter.Matching("award_levels"))
		}
		s.cache.Invalidate()
		read() // the memory is read once, by whichever request comes first
		s.cache.Invalidate()
		out, levelReads := read()
		if levelReads != 0 {
			t.Errorf("a roll page read award_levels %d times: %v", levelReads, s.counter.Statements())
		}
		for _, e := range out.HonorRoll.Edges {
			var name string
			if err := s.db.SQL.QueryRowContext(ctx, "SELECT l.name FROM awards a JOIN award_levels l ON l.id = a.level_id WHERE a.id = ?",
				e.Node.ID).Scan(&name); err != nil {
				t.Fatal(err)
			}
			if e.Node.Level.Name != name {
				t.Fatalf("award %s: level %q, the database says %q", e.Node.ID, e.Node.Level.Name, name)
			}
		}

		t.Run("a person's history and a review queue", func(t *testing.T) {
			var person string
			if err := s.db.SQL.QueryRowContext(ctx, "SELECT individual_id FROM awards WHERE individual_id IS NOT NULL AND public = ? ORDER BY id LIMIT 1",
				true).Scan(&person); err != nil {
				t.Fatal(err)
			}
			s.counter.Reset()
			var history struct {
				Node struct {
					Awards struct {
						Edges []struct {
							Node struct{ Level struct{ Name string } }
						}
					}
				}
			}
			s.query(`query($id: ID!) { node(id: $id) { ... on Individual { awards(first: 20) { edges { node { level { name } } } } } } }`,
				map[string]any{"id": person}, &history)
			if len(history.Node.Awards.Edges) == 0 || history.Node.Awards.Edges[0].Node.Level.Name == "" {
				t.Fatalf("history without levels: %+v", history)
			}
			if n := len(s.counter.Matching("award_levels")); n != 0 {
				t.Errorf("a history read award_levels %d times: %v", n, s.counter.Statements())
			}
			staff := s.as("staff.school@demo.vinhdanh.vn")
			staff.draft(staff.newTeacher("Lê Thị Hoa"), "DISTRICT_GIAY_KHEN")
			s.counter.Reset()
			var queue struct {
				Nominations struct {
					Edges []struct {
						Node struct{ Level struct{ Name string } }
					}
				}
			}
			staff.query(`{ nominations(first: 20) { edges { node { level { name } } } } }`, nil, &queue)
			if len(queue.Nominations.Edges) == 0 || queue.Nominations.Edges[0].Node.Level.Name == "" {
				t.Fatalf("nominations without levels: %+v", queue)
			}
			if n := len(s.counter.Matching("award_levels")); n != 0 {
				t.Errorf("a review queue read award_levels %d times: %v", n, s.counter.Statements())
			}
		})

		t.Run("a rename shows at once", func(t *testing.T) {
			admin := s.as("admin@demo.vinhdanh.vn")
			level := out.HonorRoll.Edges[0].Node.Level
			renamed := "Bằng khen (tên mới) " + level.Code
			var changed struct {
				UpdateAwardLevel struct {
					Name   string
					Awards struct {
						Edges []struct {
							Node struct{ Level struct{ Name string } }
						}
					}
				}
			}
			admin.query(`mutation($id: ID!, $n: String!) { updateAwardLevel(id: $id, input: {name: $n}) {
				name awards(first: 1) { edges { node { level { name } } } } } }`,
				map[string]any{"id": level.ID, "n": renamed}, &changed)
			if e := changed.UpdateAwardLevel.Awards.Edges; len(e) == 0 || e[0].Node.Level.Name != renamed {
				t.Errorf("the mutation's own answer does not have the new name: %+v", changed)
			}
			again, _ := read()
			for _, e := range again.HonorRoll.Edges {
				if e.Node.Level.ID == level.ID && e.Node.Level.Name != renamed {
					t.Fatalf("after the rename award %s shows %q, want %q", e.Node.ID, e.Node.Level.Name, renamed)
				}
			}
		})

		t.Run("a level's edges are still read", func(t *testing.T) {
			var out struct {
				HonorRoll struct {
					Edges []struct {
						Node struct {
							Level struct{ Awards struct{ TotalCount int } }
						}
					}
				}
			}
			s.cache.Invalidate()
			s.counter.Reset()
			s.query(`query($c: ID!) { honorRoll(collectiveID: $c, first: 3) { edges { node { level { ...Counted } } } } }
				fragment Counted on AwardLevel { name awards { totalCount } }`, map[string]any{"c": hbt}, &out)
			// Loaded with the page in one statement, as before: a level from memory has no edges.
			if n := len(s.counter.Matching("FROM `award_levels`")); n != 1 {
				t.Errorf("the levels with their edges were read in %d statements, want 1: %v", n, s.counter.Statements())
			}
			for _, e := range out.HonorRoll.Edges {
				if e.Node.Level.Awards.TotalCount == 0 {
					t.Fatalf("a level of the roll counts no awards: %+v", out)
				}
			}
		})
	})
}

// TestDecisionsFromMemory: the widget's page and a person's history name each award's decision
// (with its issuer) and ceremony from memory too: once they are held, the widget's own query
// runs one statement, its page; what it shows is the database's; an amendment through the API
// shows in the next answer (the public cache's included); a decision asked for one of its other
// edges still has it.
func TestDecisionsFromMemory(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
		const roll = `query($c: ID!) { honorRoll(collectiveID: $c, includeDescendants: true, first: 50) {
			pageInfo { hasNextPage endCursor }
			edges { node { id recipientName level { id name } decision { id number signedOn issuer { name } } ceremony { name heldOn } } } } }`
		type page struct {
			HonorRoll struct {
				Edges []struct {
					Node struct {
						ID       string
						Decision *struct {
							ID, Number string
							Issuer     struct{ Name string }
						}
						Ceremony *struct{ Name string }
					}
				}
			}
		}
		read := func() page {
			t.Helper()
			s.counter.Reset()
			var out page
			s.query(roll, map[string]any{"c": hbt}, &out)
			return out
		}
		read() // memory is read once, by whichever request comes first
		s.cache.Invalidate()
		out := read()
		if n := len(s.counter.Statements()); n != 1 {
			t.Errorf("the widget's page ran %d statements, want its page's alone: %v", n, s.counter.Statements())
		}
		withCeremony := 0
		for _, e := range out.HonorRoll.Edges {
			var number, issuer, ceremony sql.NullString
			if err := s.db.SQL.QueryRowContext(ctx, `SELECT d.number, i.name, c.name FROM awards a
				LEFT JOIN decisions d ON d.id = a.decision_id LEFT JOIN collectives i ON i.id = d.issuer_id
				LEFT JOIN ceremonies c ON c.id = a.ceremony_id WHERE a.id = ?`, e.Node.ID).Scan(&number, &issuer, &ceremony); err != nil {
				t.Fatal(err)
			}
			d, c := e.Node.Decision, e.Node.Ceremony
			if (d == nil) == number.Valid || d != nil && (d.Number != number.String || d.Issuer.Name != issuer.String) ||
				(c == nil) == ceremony.Valid || c != nil && c.Name != ceremony.String {
				t.Fatalf("award %s shows decision %+v and ceremony %+v; the database says %v by %v, at %v", e.Node.ID, d, c, number, issuer, ceremony)
			}
			if c != nil {
				withCeremony++
			}
		}
		if len(out.HonorRoll.Edges) < 10 || withCeremony == 0 {
			t.Fatalf("a roll of %d awards, %d at a ceremony: too few to tell", len(out.HonorRoll.Edges), withCeremony)
		}

		t.Run("an amendment shows at once", func(t *testing.T) {
			var id, number string
			if err := s.db.SQL.QueryRowContext(ctx, `SELECT d.id, d.number FROM decisions d JOIN awards a ON a.decision_id = d.id
				WHERE d.issuer_id = ? AND a.public = ? ORDER BY d.id LIMIT 1`, hbt, true).Scan(&id, &number); err != nil {
				t.Fatal(err)
			}
			shown := func() int {
				n := 0
				for _, e := range read().HonorRoll.Edges {
					if e.Node.Decision != nil && e.Node.Decision.ID == id && e.Node.Decision.Number == number+"-ĐC" {
						n++
					}
				}
				return n
			}
			if shown() != 0 {
				t.Fatal("the amended number shows before the amendment")
			}
			s.as("staff.haibatrung@demo.vinhdanh.vn").query(`mutation($id: ID!, $n: String!) {
				amendDecision(id: $id, input: {number: $n}, reason: "Nhập sai số quyết định") { number } }`,
				map[string]any{"id": id, "n": number + "-ĐC"}, &struct{}{})
			if shown() == 0 {
				t.Fatalf("after the amendment no award of the roll shows decision %s as %q", id, number+"-ĐC")
			}
		})

		t.Run("a decision's other edges are still read", func(t *testing.T) {
			var out struct {
				HonorRoll struct {
					Edges []struct {
						Node struct {
							Decision *struct{ Awards struct{ TotalCount int } }
						}
					}
				}
			}
			s.cache.Invalidate()
			s.counter.Reset()
			s.query(`query($c: ID!) { honorRoll(collectiveID: $c, includeDescendants: true, first: 5) { edges { node { decision { number awards { totalCount } } } } } }`,
				map[string]any{"c": hbt}, &out)
			if n := len(s.counter.Matching("FROM `decisions`")); n != 1 {
				t.Errorf("the decisions with their edges were read in %d statements, want 1: %v", n, s.counter.Statements())
			}
			for _, e := range out.HonorRoll.Edges {
				if e.Node.Decision != nil && e.Node.Decision.Awards.TotalCount == 0 {
					t.Fatalf("a decision of the roll counts no awards: %+v", out)
				}
			}
		})
	})
}
