package app_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/shared"
	"vinhdanh/internal/store"
)

// TestPublicCache: an anonymous roll is computed once and then served without a statement; a
// revocation shows at once, on the roll and on the verification page; signed-in callers are
// never served from the cache.
func TestPublicCache(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s := newServer(t, target)
		vars := map[string]any{"c": s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")}
		const roll = `query($c: ID!) { honorRoll(collectiveID: $c, first: 100) { totalCount edges { node { id recipientName } } } }`
		type page struct {
			HonorRoll struct {
				TotalCount int
				Edges      []struct {
					Node struct{ ID, RecipientName string }
				}
			}
		}
		var first, again page
		s.query(roll, vars, &first)
		s.counter.Reset()
		s.query(roll, vars, &again)
		if n := len(s.counter.Statements()); n != 0 || again.HonorRoll.TotalCount != first.HonorRoll.TotalCount || first.HonorRoll.TotalCount < 2 {
			t.Errorf("the same anonymous roll again: %d statements, %d awards then %d", n, first.HonorRoll.TotalCount, again.HonorRoll.TotalCount)
		}
		verify := func(id string) (string, int) {
			s.counter.Reset()
			res, err := http.Get(s.url + "/verify/" + id)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("verify %s: %d %s", id, res.StatusCode, res.Header.Get("Content-Type"))
			}
			return string(b), len(s.counter.Statements())
		}
		award := first.HonorRoll.Edges[0].Node
		before, _ := verify(award.ID)
		if again, n := verify(award.ID); n != 0 || again != before || !strings.Contains(before, award.RecipientName) {
			t.Errorf("the same verification page again: %d statements, same page %v", n, again == before)
		}

		admin := s.as("admin@demo.vinhdanh.vn")
		for range 2 {
			admin.counter.Reset()
			var p page
			admin.query(roll, vars, &p)
			if len(admin.counter.Statements()) == 0 {
				t.Error("a signed-in caller was served from the public cache")
			}
		}
		admin.call(`mutation($id: ID!) { revokeAward(id: $id, reason: "Hồ sơ khai không đúng") { id } }`,
			map[string]any{"id": award.ID}, &struct{ ID string }{})

		var after page
		s.query(roll, vars, &after)
		if after.HonorRoll.TotalCount != first.HonorRoll.TotalCount-1 {
			t.Errorf("after a revocation: %d awards, want %d", after.HonorRoll.TotalCount, first.HonorRoll.TotalCount-1)
		}
		for _, e := range after.HonorRoll.Edges {
			if e.Node.ID == award.ID {
				t.Errorf("the revoked award %s is still on the roll", award.ID)
			}
		}
		if page, _ := verify(award.ID); !strings.Contains(page, "Đã thu hồi") {
			t.Errorf("the verification page does not say the award was revoked:\n%.400s", page)
		}
	})
}

// TestPublicCacheAcrossReplicas: two replicas with their own connections and caches, sharing
// one database and one Redis. An anonymous roll computed by one is served by the other without
// a statement; a revocation through one shows at once there and on the other as soon as it
// hears of it (a notice through Redis: well within a second here).
func TestPublicCacheAcrossReplicas(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		url, prefix := dbtest.Redis(t)
		sharing := func(o *httpserver.Options) {
			state, err := shared.Open(ctx, url, prefix)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { state.Close() })
			if err := o.Cache.Share(ctx, state.PublicAnswers(), o.Logger); err != nil {
				t.Fatal(err)
			}
		}
		a := newServer(t, target, sharing)
		b := a.replica(target, sharing)
		vars := map[string]any{"c": a.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng"), "first": 100}

		total, entries, _ := a.roll(vars)
		b.counter.Reset()
		if again, _, _ := b.roll(vars); again != total || total < 2 {
			t.Fatalf("the roll on B: %d awards, on A %d", again, total)
		}
		if n := len(b.counter.Statements()); n != 0 {
			t.Errorf("B computed A's answer again: %d statements", n)
		}

		revoked := entries[0].ID
		a.as("admin@demo.vinhdanh.vn").call(`mutation($id: ID!) { revokeAward(id: $id, reason: "Hồ sơ khai không đúng") { id } }`,
			map[string]any{"id": revoked}, &struct{ ID string }{})
		if got, _, _ := a.roll(vars); got != total-1 {
			t.Errorf("A right after its revocation: %d awards, want %d", got, total-1)
		}
		start := time.Now()
		for {
			got, _, _ := b.roll(vars)
			if got == total-1 {
				break
			}
			if time.Since(start) > time.Second {
				t.Fatalf("B still serves %d awards a second after A's revocation", got)
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Logf("B followed A's revocation in %v", time.Since(start).Round(time.Millisecond))
	})
}
