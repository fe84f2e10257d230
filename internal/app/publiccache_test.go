package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"vinhdanh/internal/dbtest"
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
