package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/httpserver"
)

// costliest returns anonymous queries at the edge of what the cost limit admits, each a
// different way of making the database work: counts, searches, nested pages.
func costliest(s *server) map[string]string {
	hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
	return map[string]string{
		"honor-roll pages and counts": aliases(fmt.Sprintf(`honorRoll(collectiveID: "%s", first: 200) { totalCount edges { node { id recipientName } } }`, hbt), 49),
		"searches":                    aliases(`search(text: "nguyen thi", first: 100) { __typename }`, 83),
		"nested pages":                `{ collectives(first: 200) { edges { node { name children(first: 15) { totalCount edges { node { name } } } } } } }`,
		"award stats":                 aliases(`awardStats { count }`, 200),
	}
}

// BenchmarkCostliestAnonymous measures the costliest requests the anonymous cost limit admits,
// on the demo data: each must stay well under a second.
func BenchmarkCostliestAnonymous(b *testing.B) {
	// The per-address budget would refuse a benchmark's loop: this measures one request.
	s := newServer(b, benchTarget(b), func(o *httpserver.Options) { o.AnonCostRate, o.AnonCostBurst = 1e9, 1e9 })
	for name, q := range costliest(s) {
		b.Run(name, func(b *testing.B) {
			if r := s.raw("", mustJSON(map[string]any{"query": q}), nil); r.status != http.StatusOK || r.code() != "" {
				b.Fatalf("not admitted: %d %.300s", r.status, r.body)
			}
			for b.Loop() {
				s.raw("", mustJSON(map[string]any{"query": q}), nil)
			}
		})
	}
}

// BenchmarkUnderAttack measures other users' p95 latency while two anonymous clients send
// the costliest admissible request as fast as they can; it reports the ratio to the idle p95.
func BenchmarkUnderAttack(b *testing.B) {
	// Production's limits: 10 anonymous requests a second per address (burst 60), and the
	// default cost budget. Other users come from addresses of their own.
	s := newServer(b, dbtest.SQLite(b), func(o *httpserver.Options) { o.AnonRate, o.AnonBurst = 10, 60 })
	hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
	victim := mustJSON(map[string]any{"query": fmt.Sprintf(`{ honorRoll(collectiveID: "%s", first: 50) { edges { node { recipientName level { name } decision { number } } } } }`, hbt)})
	users := 0
	p95 := func(n int) time.Duration {
		var d []time.Duration
		for range n {
			users++
			start := time.Now()
			if r := s.raw(fmt.Sprintf("127.0.%d.%d", 1+users/250, 1+users%250), victim, nil); r.status != http.StatusOK {
				b.Fatalf("victim: %d %s", r.status, r.body)
			}
			d = append(d, time.Since(start))
		}
		slices.Sort(d)
		return d[len(d)*95/100]
	}
	for b.Loop() {
		idle := p95(200)
		attack := costliest(s)["honor-roll pages and counts"]
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var sent, refused atomic.Int64
		for _, ip := range []string{"127.0.0.2", "127.0.0.3"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := mustJSON(map[string]any{"query": attack})
				for {
					select {
					case <-stop:
						return
					default:
					}
					if s.raw(ip, body, nil).status == http.StatusTooManyRequests {
						refused.Add(1)
					}
					sent.Add(1)
				}
			}()
		}
		time.Sleep(200 * time.Millisecond)
		loaded := p95(200)
		close(stop)
		wg.Wait()
		b.ReportMetric(float64(idle.Microseconds())/1000, "idle-p95-ms")
		b.ReportMetric(float64(loaded.Microseconds())/1000, "attacked-p95-ms")
		b.ReportMetric(float64(loaded)/float64(idle), "p95-ratio")
		b.ReportMetric(float64(refused.Load())/float64(max(1, sent.Load())), "attacker-refused-share")
		b.ReportMetric(float64(sent.Load()), "attacker-requests")
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
