package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/contrib/entgql"

	"vinhdanh/ent/awardlevel"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/schema"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

// Benchmarks of the read paths over real HTTP on the demo data. Run with
//
//	go test -run '^$' -bench . ./internal/app/
//
// and BENCH_MYSQL=1 (with TEST_MYSQL_DSN) to measure MySQL instead of SQLite.
func benchTarget(b *testing.B) store.Target {
	if os.Getenv("BENCH_MYSQL") == "1" {
		return dbtest.MySQL(b)
	}
	return dbtest.SQLite(b)
}

func benchQuery(b *testing.B, query string, vars map[string]any) {
	s := newServer(b, benchTarget(b))
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	client := &http.Client{}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := client.Post(s.url+"/query", "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		var out struct{ Errors []any }
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
			b.Fatalf("decode: %v %v", err, out.Errors)
		}
		res.Body.Close()
	}
}

func BenchmarkAwardsPageNested(b *testing.B) {
	benchQuery(b, `{ awards(first: 40) { edges { node { recipientName period
		collective { name } individual { fullName } level { name } decision { number } ceremony { name } } } } }`, nil)
}

func BenchmarkSearch(b *testing.B) {
	benchQuery(b, `{ search(text: "nguyen thi") { ... on Individual { fullName } ... on Collective { name } } }`, nil)
}

func BenchmarkCeremonyTally(b *testing.B) {
	benchQuery(b, `{ awardStats(where: {hasCeremonyWith: {heldOn: "2023-08-30"}}) { level { code } recipientKind count } }`, nil)
}

// largeRoll adds n public awards to the Hai Bà Trưng unions with raw SQL (hooks would make
// setting up a large roll slow) and returns the server and the district's ID.
func largeRoll(b testing.TB, target store.Target, n int) (*server, string) {
	s := newServer(b, target)
	ctx := rule.SystemContext(context.Background())
	unions := s.db.Client.Collective.Query().Where(collective.HasParentWith(collective.Name(hbt))).IDsX(ctx)
	level := s.db.Client.AwardLevel.Query().Where(awardlevel.Code("DISTRICT_GIAY_KHEN")).OnlyX(ctx)
	tx, err := s.db.SQL.Begin()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC().Format("2006-01-02 15:04:05")
	for i := range n {
		name := fmt.Sprintf("Tập thể minh hoạ %05d", i)
		if _, err := tx.Exec(`INSERT INTO awards (recipient_kind, collective_id, level_id, recipient_name, public, roll_key, create_time, update_time)
			VALUES ('COLLECTIVE', ?, ?, ?, true, ?, ?, ?)`, unions[i%len(unions)], level.ID, name,
			schema.RollKey(level.Rank, name, enum.RecipientCollective), now, now); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return s, s.collectiveID(hbt)
}

// BenchmarkHonorRollPages compares the first page of a 20,000-award roll with a page 19,000
// entries deep: keyset pagination makes them cost the same.
func BenchmarkHonorRollPages(b *testing.B) {
	s, hbtID := largeRoll(b, benchTarget(b), 20000)
	var id int
	var key string
	if err := s.db.SQL.QueryRow(`SELECT id, roll_key FROM awards ORDER BY roll_key, id LIMIT 1 OFFSET 19000`).Scan(&id, &key); err != nil {
		b.Fatal(err)
	}
	var cur strings.Builder
	entgql.Cursor[int]{ID: id, Value: []any{key}}.MarshalGQL(&cur)
	deep, _ := strconv.Unquote(cur.String())
	query := `query($c: ID!, $after: Cursor) { honorRoll(collectiveID: $c, first: 50, after: $after) {
		edges { node { id recipientName level { name } decision { number } } } } }`
	for _, bc := range []struct {
		name  string
		after any
	}{{"first", nil}, {"deep", deep}} {
		b.Run(bc.name, func(b *testing.B) {
			body, _ := json.Marshal(map[string]any{"query": query, "variables": map[string]any{"c": hbtID, "after": bc.after}})
			b.ReportAllocs()
			for b.Loop() {
				res, err := http.Post(s.url+"/query", "application/json", bytes.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				var out struct {
					Data   struct{ HonorRoll struct{ Edges []any } }
					Errors []any
				}
				if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) > 0 || len(out.Data.HonorRoll.Edges) != 50 {
					b.Fatalf("%v %v %d\n%s", err, out.Errors, len(out.Data.HonorRoll.Edges), s.logs.String()[max(0, s.logs.Len()-1500):])
				}
				res.Body.Close()
			}
		})
	}
}
