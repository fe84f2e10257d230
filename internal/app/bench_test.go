package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"vinhdanh/internal/dbtest"
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
