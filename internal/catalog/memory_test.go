package catalog_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/decision"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/seed"
	"vinhdanh/internal/store"
	"vinhdanh/internal/tree"
)

func TestMemory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := rule.SystemContext(context.Background())
		db := dbtest.Open(t, target)
		if err := catalog.Ensure(ctx, db.Client); err != nil {
			t.Fatal(err)
		}
		if err := seed.Load(ctx, db.Client); err != nil {
			t.Fatal(err)
		}
		// The API's client counts its statements; db.Client stands for another replica, whose
		// writes this memory does not see.
		client, counter := dbtest.CountingClient(db)
		mem := catalog.Remember(client)
		clock := time.Now()
		catalog.SetClock(mem, func() time.Time { return clock })

		read := func(ctx context.Context) []*ent.Award {
			t.Helper()
			awards, err := client.Award.Query().Order(award.ByID()).Limit(20).All(ctx)
			if err != nil || len(awards) < 2 {
				t.Fatalf("read awards: %d, %v", len(awards), err)
			}
			return awards
		}
		nameOf := func(id int) string {
			t.Helper()
			var name string
			if err := db.SQL.QueryRowContext(ctx, "SELECT name FROM award_levels WHERE id = ?", id).Scan(&name); err != nil {
				t.Fatal(err)
			}
			return name
		}
		levelReads := func() int { return len(counter.Matching("award_levels")) }
		// begin starts a transaction on the API's client, rolled back when the subtest ends
		// unless committed, so that a failure leaves the next subtests free to write.
		begin := func(t *testing.T) *ent.Tx {
			t.Helper()
			tx, err := client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = tx.Rollback() })
			return tx
		}

		t.Run("a marked read has every award's level, read once", func(t *testing.T) {
			for round := range 2 {
				counter.Reset()
				for _, a := range read(mem.Context(ctx)) {
					if a.Edges.Level == nil || a.Edges.Level.ID != a.LevelID || a.Edges.Level.Name != nameOf(a.LevelID) {
						t.Fatalf("award %d: level %+v, want level %d named %q", a.ID, a.Edges.Level, a.LevelID, nameOf(a.LevelID))
					}
				}
				if want := 1 - round; levelReads() != want {
					t.Fatalf("round %d read the levels %d times, want %d: %v", round, levelReads(), want, counter.Statements())
				}
			}
		})
		t.Run("what memory keeps, anyone may read", func(t *testing.T) {
			// Memory reads as the system and serves every viewer: a kind that came to hide some
			// of its records from some viewers could no longer be kept there.
			anonymous := context.Background()
			for _, kind := range []struct {
				name  string
				count func(context.Context) (int, error)
			}{
				{"award levels", client.AwardLevel.Query().Count},
				{"decisions", client.Decision.Query().Count},
				{"ceremonies", client.Ceremony.Query().Count},
				{"collectives", client.Collective.Query().Count},
			} {
				all, err := kind.count(ctx)
				if err != nil {
					t.Fatal(err)
				}
				seen, err := kind.count(anonymous)
				if err != nil || seen != all || all == 0 {
					t.Errorf("%s: an anonymous reader sees %d of %d (%v)", kind.name, seen, all, err)
				}
			}
		})
		t.Run("an unmarked read is left as it was", func(t *testing.T) {
			for _, a := range read(ctx) {
				if a.Edges.Level != nil {
					t.Fatalf("award %d has a level nobody loaded", a.ID)
				}
			}
		})

		first := read(ctx)[0]
		rename := func(c *ent.Client, name string) {
			t.Helper()
			if err := c.AwardLevel.UpdateOneID(first.LevelID).SetName(name).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		levelName := func() string { return read(mem.Context(ctx))[0].Edges.Level.Name }

		t.Run("a committed change is seen at once, an uncommitted one is not", func(t *testing.T) {
			tx := begin(t)
			rename(tx.Client(), "Bằng khen đổi tên")
			counter.Reset()
			if got := levelName(); got == "Bằng khen đổi tên" || levelReads() != 0 {
				t.Fatalf("before the commit: named %q, read again %d times (the write is not visible yet)", got, levelReads())
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := levelName(); got != "Bằng khen đổi tên" {
				t.Fatalf("after the commit the level is named %q", got)
			}
		})
		t.Run("a rolled-back change is never seen, nor forgets what is held", func(t *testing.T) {
			tx := begin(t)
			rename(tx.Client(), "Tên bỏ đi")
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			counter.Reset()
			if got := levelName(); got != "Bằng khen đổi tên" || levelReads() != 0 {
				t.Fatalf("after the rollback: named %q, read again %d times (nothing changed)", got, levelReads())
			}
		})
		t.Run("another replica's change is seen once the TTL has passed", func(t *testing.T) {
			rename(db.Client, "Bằng khen của bản sao khác")
			if got := levelName(); got != "Bằng khen đổi tên" {
				t.Fatalf("within the TTL the level is named %q: was the memory read again?", got)
			}
			clock = clock.Add(catalog.TTL)
			if got := levelName(); got != "Bằng khen của bản sao khác" {
				t.Fatalf("after the TTL the level is named %q", got)
			}
		})
		t.Run("a level the memory does not hold yet is read when first named", func(t *testing.T) {
			created, err := db.Client.AwardLevel.Create().SetCode("OTHER_REPLICA_LEVEL").SetName("Mức khen mới").
				SetCategory("FORM").SetTier("DISTRICT").SetIssuerKind("DISTRICT_FEDERATION").SetRank(10).
				SetAcceptsCollective(true).SetAcceptsIndividual(true).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.SQL.ExecContext(ctx, "UPDATE awards SET level_id = ? WHERE id = ?", created.ID, first.ID); err != nil {
				t.Fatal(err)
			}
			counter.Reset()
			awards := read(mem.Context(ctx))
			if l := awards[0].Edges.Level; l == nil || l.Name != "Mức khen mới" {
				t.Fatalf("award %d has level %+v, want the new one", first.ID, l)
			}
			if levelReads() != 1 || !strings.Contains(counter.Matching("award_levels")[0].Query, "IN (?)") {
				t.Fatalf("the new level was not read alone: %v", counter.Statements())
			}
		})
		t.Run("an award's decision and ceremony: read once, none for an award without, changed at commit", func(t *testing.T) {
			clock = clock.Add(catalog.TTL) // what the reads above kept is stale
			all := read(ctx)
			var bare *ent.Award // an award given outside any ceremony
			for _, a := range all {
				if a.DecisionID != nil && a.CeremonyID != nil && a.ID != all[0].ID {
					bare = a
					break
				}
			}
			if all[0].DecisionID == nil || bare == nil {
				t.Fatalf("the seed records have no two awards with a decision and a ceremony: %+v", all)
			}
			if _, err := db.SQL.ExecContext(ctx, "UPDATE awards SET ceremony_id = NULL WHERE id = ?", bare.ID); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				_, _ = db.SQL.ExecContext(ctx, "UPDATE awards SET ceremony_id = ? WHERE id = ?", *bare.CeremonyID, bare.ID)
			})
			column := func(table string, id int, name string) string {
				t.Helper()
				var v string
				if err := db.SQL.QueryRowContext(ctx, "SELECT "+name+" FROM "+table+" WHERE id = ?", id).Scan(&v); err != nil {
					t.Fatal(err)
				}
				return v
			}
			reads := func() int { return len(counter.Matching("decisions")) + len(counter.Matching("ceremonies")) }
			for round := range 2 {
				counter.Reset()
				for _, a := range read(mem.Context(ctx)) {
					d, err := a.Edges.DecisionOrErr()
					switch {
					case a.DecisionID == nil && !ent.IsNotFound(err):
						t.Fatalf("award %d without a decision: %+v, %v; want none, loaded", a.ID, d, err)
					case a.DecisionID != nil && (err != nil || d.ID != *a.DecisionID || d.Number != column("decisions", d.ID, "number")):
						t.Fatalf("award %d: decision %+v, %v; want %d", a.ID, d, err, *a.DecisionID)
					case d != nil && (d.Edges.Issuer == nil || d.Edges.Issuer.ID != d.IssuerID):
						t.Fatalf("award %d: decision %d has issuer %+v, want %d", a.ID, d.ID, d.Edges.Issuer, d.IssuerID)
					}
					c, err := a.Edges.CeremonyOrErr()
					switch {
					case a.ID == bare.ID && (a.CeremonyID != nil || !ent.IsNotFound(err)):
						t.Fatalf("award %d outside any ceremony: %+v, %v; want none, loaded", a.ID, c, err)
					case a.CeremonyID != nil && (err != nil || c.ID != *a.CeremonyID || c.Name != column("ceremonies", c.ID, "name")):
						t.Fatalf("award %d: ceremony %+v, %v; want %d", a.ID, c, err, *a.CeremonyID)
					}
				}
				if round == 0 && (len(counter.Matching("decisions")) != 1 || len(counter.Matching("ceremonies")) != 1) ||
					round == 1 && reads() != 0 {
					t.Fatalf("round %d read decisions and ceremonies %d times: %v", round, reads(), counter.Statements())
				}
			}
			number := func() string { return read(mem.Context(ctx))[0].Edges.Decision.Number }
			if err := db.Client.Decision.UpdateOneID(*all[0].DecisionID).SetNumber("999/QĐ-BẢN-SAO").Exec(ctx); err != nil {
				t.Fatal(err)
			}
			if got := number(); got == "999/QĐ-BẢN-SAO" {
				t.Fatal("another replica's change was seen before the TTL: memory was not used")
			}
			if err := client.Decision.UpdateOneID(*all[0].DecisionID).SetNumber("1000/QĐ-LĐLĐ").Exec(ctx); err != nil {
				t.Fatal(err)
			}
			if got := number(); got != "1000/QĐ-LĐLĐ" {
				t.Fatalf("after a committed change the decision is numbered %q", got)
			}
			counter.Reset()
			unasked, err := client.Award.Query().Select(award.FieldID, award.FieldLevelID).Limit(5).All(mem.Context(ctx))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := unasked[0].Edges.DecisionOrErr(); !ent.IsNotLoaded(err) || reads() != 0 {
				t.Fatalf("a read of neither column: decision %v, %d reads; want it left unloaded, unread", err, reads())
			}
		})
		t.Run("a decision's issuer, and its rename", func(t *testing.T) {
			clock = clock.Add(catalog.TTL) // what the reads above kept is stale
			decisions := func() []*ent.Decision {
				t.Helper()
				ds, err := client.Decision.Query().Order(decision.ByID()).All(mem.Context(ctx))
				if err != nil || len(ds) == 0 {
					t.Fatalf("read decisions: %d, %v", len(ds), err)
				}
				return ds
			}
			for round := range 2 {
				counter.Reset()
				for _, d := range decisions() {
					if d.Edges.Issuer == nil || d.Edges.Issuer.ID != d.IssuerID {
						t.Fatalf("decision %d: issuer %+v, want %d", d.ID, d.Edges.Issuer, d.IssuerID)
					}
				}
				if n := len(counter.Matching("collectives")); n != 1-round {
					t.Fatalf("round %d read the issuers %d times: %v", round, n, counter.Statements())
				}
			}
			d := decisions()[0]
			if err := client.Collective.UpdateOneID(d.IssuerID).SetName("Liên đoàn Lao động (tên mới)").Exec(ctx); err != nil {
				t.Fatal(err)
			}
			if got := decisions()[0].Edges.Issuer.Name; got != "Liên đoàn Lao động (tên mới)" {
				t.Fatalf("after the rename the issuer is named %q", got)
			}
		})
		t.Run("a unit's subtree and whether it moved: read once, changed at commit, another replica's after the TTL", func(t *testing.T) {
			root, err := client.Collective.Query().Where(collective.KindEQ(enum.KindDistrictFederation)).Order(collective.ByID()).FirstID(ctx)
			if err != nil {
				t.Fatal(err)
			}
			marked := mem.Context(ctx)
			shape := func() ([]int, bool) {
				t.Helper()
				units, many, err := catalog.SubtreeUpTo(marked, client, root, tree.Ever, 1000)
				if err != nil || many {
					t.Fatalf("subtree of %d: %v, many %v", root, err, many)
				}
				moved, err := catalog.Reorganised(marked, client, root)
				if err != nil {
					t.Fatal(err)
				}
				return units, moved
			}
			truth := func() ([]int, bool) {
				t.Helper()
				units, _, err := tree.SubtreeUpTo(ctx, db.Client, root, tree.Ever, 1000)
				if err != nil {
					t.Fatal(err)
				}
				moved, err := tree.Reorganised(ctx, db.Client, root)
				if err != nil {
					t.Fatal(err)
				}
				return units, moved
			}
			treeReads := func() int { return len(counter.Matching("tree_paths")) }
			for round := range 2 {
				counter.Reset()
				units, moved := shape()
				wantUnits, wantMoved := truth()
				if !slices.Equal(units, wantUnits) || moved != wantMoved || len(units) < 2 {
					t.Fatalf("round %d: subtree %v moved %v, the database says %v, %v", round, units, moved, wantUnits, wantMoved)
				}
				if want := 2 * (1 - round); treeReads() != want {
					t.Fatalf("round %d read tree_paths %d times, want %d: %v", round, treeReads(), want, counter.Statements())
				}
			}
			// A unit founded under the root on a day: its path starts then, so the subtree has
			// moved. Written through this replica, in a transaction.
			tx := begin(t)
			founded := time.Date(2024, 9, 5, 0, 0, 0, 0, time.UTC)
			school, err := tx.Collective.Create().SetName("Công đoàn Trường Mầm non Hoa Sen").SetKind(enum.KindGrassrootsUnion).
				SetTier(enum.TierGrassroots).SetParentID(root).SetFoundedOn(founded).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if units, moved := shape(); slices.Contains(units, school.ID) || moved {
				t.Fatalf("before the commit the subtree holds the new unit (%v) or has moved (%v)", units, moved)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if units, moved := shape(); !slices.Contains(units, school.ID) || !moved {
				t.Fatalf("after the commit: subtree %v (want %d in it), moved %v (want true)", units, school.ID, moved)
			}
			other, err := db.Client.Collective.Create().SetName("Công đoàn Trường Tiểu học Đoàn Thị Điểm").SetKind(enum.KindGrassrootsUnion).
				SetTier(enum.TierGrassroots).SetParentID(root).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if units, _ := shape(); slices.Contains(units, other.ID) {
				t.Fatalf("within the TTL the subtree holds another replica's new unit: was it read again?")
			}
			clock = clock.Add(catalog.TTL)
			if units, _ := shape(); !slices.Contains(units, other.ID) {
				t.Fatalf("after the TTL the subtree %v lacks another replica's new unit %d", units, other.ID)
			}
		})
		t.Run("past its bound the memory starts afresh", func(t *testing.T) {
			day := tree.Day(time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC))
			all, err := db.Client.Collective.Query().Order(collective.ByID()).IDs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var roots []int // three units with nothing under them
			for _, id := range all {
				if units, _, err := tree.SubtreeUpTo(ctx, db.Client, id, day, 1000); err == nil && len(units) == 1 && len(roots) < 3 {
					roots = append(roots, id)
				}
			}
			if len(roots) < 3 {
				t.Fatalf("three units without units under them: %v", roots)
			}
			// Each one's subtree weighs two (the key and the unit): a bound of four holds two.
			defer catalog.SetMaxKept(4)()
			clock = clock.Add(catalog.TTL) // nothing held from before
			reads := func(root int) int {
				t.Helper()
				counter.Reset()
				if _, _, err := catalog.SubtreeUpTo(mem.Context(ctx), client, root, day, 1000); err != nil {
					t.Fatal(err)
				}
				return len(counter.Matching("tree_paths"))
			}
			for i, want := range []int{1, 0, 1, 0, 1, 1} {
				root := []int{roots[0], roots[0], roots[1], roots[0], roots[2], roots[0]}[i]
				if got := reads(root); got != want {
					t.Fatalf("read %d (unit %d) read tree_paths %d times, want %d", i, root, got, want)
				}
			}
		})
	})
}
