package posted_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/reorganisation"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/posted"
	"vinhdanh/internal/reorg"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
	"vinhdanh/internal/tree"
)

var replay = flag.Uint64("posted.seed", 0, "replay TestFiledAsTheRecordStands with this seed")

// TestFiledAsTheRecordStands runs random sequences of writes to awards, positions, levels and
// the tree (every path that changes what posted_awards and listed_awards hold: new, hidden,
// revoked, restored, moved to another period, renamed, reranked, deleted awards; posts
// recorded, moved to another unit or person, removed; schools moved to the other district on
// a day inside the awards' periods, and reorganisations reverted; many-row updates;
// transactions committed and rolled back) and after each compares the tables, read in SQL,
// with what they must hold computed from the awards, positions and the tree. The seed is
// printed on failure (-posted.seed=N replays it).
func TestFiledAsTheRecordStands(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx, db, w := open(t, target)
		seed := *replay
		if seed == 0 {
			seed = uint64(time.Now().UnixNano())
		}
		r := rand.New(rand.NewPCG(seed, 11))
		var done []string
		for i := range 160 {
			op := w.step(ctx, r, db.Client)
			done = append(done, op)
			if diff := w.compare(ctx, db); diff != "" {
				t.Fatalf("seed %d, after operation %d (%s): %s\noperations: %s", seed, i, op, diff, strings.Join(done, "; "))
			}
		}

		if n, m := db.Client.PostedAward.Query().CountX(ctx), db.Client.ListedAward.Query().CountX(ctx); n == 0 || m == 0 {
			t.Errorf("seed %d: %d posted and %d listed after %d operations: the comparison says little", seed, n, m, len(done))
		}

		// A database written before the table, or loaded past the hooks, is filed at start-up.
		want := w.compare(ctx, db)
		db.SQL.ExecContext(ctx, "DELETE FROM listed_awards")
		if err := posted.Backfill(ctx, db.Client); err != nil {
			t.Fatal(err)
		}
		if diff := w.compare(ctx, db); diff != want {
			t.Errorf("after Backfill: %s", diff)
		}
	})
}

// TestFiledUnderConcurrentWrites records posts and gives awards to the same people from two
// transactions at once, each held open after its write: neither sees the other's uncommitted
// row, and afterwards the table must still pair every post with every award. (MariaDB: the
// filing's INSERT … SELECT is a locking read at REPEATABLE READ, so it waits for the other
// writer and reads what it committed, or a deadlock refuses one transaction whole; SQLite has
// one writer at a time.)
func TestFiledUnderConcurrentWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx, db, w := open(t, target)
		people := w.people[:2]
		var wg sync.WaitGroup
		failed := make([]int, 2)
		for g := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 40 {
					tx, err := db.Client.Tx(ctx)
					if err != nil {
						failed[g]++
						continue
					}
					p := people[i%2]
					if g == 0 {
						err = tx.Position.Create().SetTitle("Giáo viên").SetIndividualID(p).SetCollectiveID(w.units[i%len(w.units)]).Exec(ctx)
					} else {
						y := 2000 + i/2
						err = tx.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividualID(p).SetLevelID(w.levels[0]).
							SetPeriodKind(enum.PeriodSchoolYear).SetPeriodStartYear(y).SetPeriodEndYear(y + 1).Exec(ctx)
					}
					if err == nil {
						time.Sleep(time.Millisecond) // both open at once, each written and filed
						err = tx.Commit()
					} else {
						_ = tx.Rollback()
					}
					if err != nil {
						failed[g]++
					}
				}
			}()
		}
		wg.Wait()
		if diff := w.compare(ctx, db); diff != "" {
			t.Fatalf("after concurrent writes (%v refused): %s", failed, diff)
		}
		if failed[0]+failed[1] > 40 {
			t.Errorf("%v of 80 transactions refused: the test says little", failed)
		}
	})
}

type world struct {
	t         *testing.T
	units     []int // a city, its two districts, three schools of the first
	districts []int
	schools   []int
	people    []int
	levels    []int // levels given to individuals
	unitAwd   int   // a collective's level
}

// open gives a test its database, with the catalogue and a world of a district, three
// schools and five people.
func open(t *testing.T, target store.Target) (context.Context, *store.DB, *world) {
	ctx := rule.SystemContext(context.Background())
	db := dbtest.Open(t, target)
	if err := catalog.Ensure(ctx, db.Client); err != nil {
		t.Fatal(err)
	}
	return ctx, db, newWorld(t, ctx, db.Client)
}

func newWorld(t *testing.T, ctx context.Context, c *ent.Client) *world {
	w := &world{t: t}
	city := c.Collective.Create().SetName("Liên đoàn Lao động thành phố Hà Nội").SetKind(enum.KindCityFederation).SetTier(enum.TierCity).SaveX(ctx)
	w.units = append(w.units, city.ID)
	for _, name := range []string{"Liên đoàn Lao động quận Đống Đa", "Liên đoàn Lao động quận Ba Đình"} {
		d := c.Collective.Create().SetName(name).SetKind(enum.KindDistrictFederation).SetTier(enum.TierDistrict).SetParent(city).SaveX(ctx)
		w.units = append(w.units, d.ID)
		w.districts = append(w.districts, d.ID)
	}
	for _, name := range []string{"Công đoàn Trường Tiểu học Trung Tự", "Công đoàn Trường THCS Láng Thượng", "Công đoàn Trường Mầm non Kim Liên"} {
		u := c.Collective.Create().SetName(name).SetKind(enum.KindGrassrootsUnion).SetTier(enum.TierGrassroots).SetParentID(w.districts[0]).SaveX(ctx)
		w.units = append(w.units, u.ID)
		w.schools = append(w.schools, u.ID)
	}
	for _, name := range []string{"Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị Thu Trang", "Phạm Minh Đức", "Đỗ Thị Lan"} {
		w.people = append(w.people, c.Individual.Create().SetFullName(name).SaveX(ctx).ID)
	}
	for _, l := range c.AwardLevel.Query().AllX(ctx) {
		if l.AcceptsIndividual {
			w.levels = append(w.levels, l.ID)
		}
		if l.AcceptsCollective && w.unitAwd == 0 {
			w.unitAwd = l.ID
		}
	}
	if len(w.levels) < 2 || w.unitAwd == 0 {
		t.Fatalf("catalogue: %d levels for people, collective level %d", len(w.levels), w.unitAwd)
	}
	return w
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// step runs one random operation, through a transaction now and then, and says what it did.
// Writes the record refuses (a second award of a kind) are part of the sequence.
func (w *world) step(ctx context.Context, r *rand.Rand, c *ent.Client) string {
	if r.IntN(8) == 0 {
		tx, err := c.Tx(ctx)
		if err != nil {
			w.t.Fatal(err)
		}
		var ops []string
		for range 1 + r.IntN(3) {
			ops = append(ops, w.write(ctx, r, tx.Client()))
		}
		if r.IntN(2) == 0 {
			_ = tx.Rollback()
			return "rolled back {" + strings.Join(ops, "; ") + "}"
		}
		if err := tx.Commit(); err != nil {
			w.t.Fatal(err)
		}
		return "committed {" + strings.Join(ops, "; ") + "}"
	}
	return w.write(ctx, r, c)
}

func (w *world) write(ctx context.Context, r *rand.Rand, c *ent.Client) string {
	awards := c.Award.Query().IDsX(ctx)
	positions := c.Position.Query().IDsX(ctx)
	var (
		what string
		err  error
	)
	switch op := r.IntN(17); {
	case op < 3 || len(positions) == 0:
		p, u := pick(r, w.people), pick(r, w.units)
		what = fmt.Sprintf("post person %d in unit %d", p, u)
		err = c.Position.Create().SetTitle("Giáo viên").SetIndividualID(p).SetCollectiveID(u).Exec(ctx)
	case op < 6 || len(awards) == 0:
		p, l, y := pick(r, w.people), pick(r, w.levels), 2019+r.IntN(4)
		what = fmt.Sprintf("award person %d level %d in %d", p, l, y)
		err = c.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividualID(p).SetLevelID(l).
			SetPeriodKind(enum.PeriodSchoolYear).SetPeriodStartYear(y).SetPeriodEndYear(y + 1).Exec(ctx)
		if r.IntN(4) == 0 {
			u := pick(r, w.units)
			what += fmt.Sprintf(", and unit %d", u)
			err = c.Award.Create().SetRecipientKind(enum.RecipientCollective).SetCollectiveID(u).SetLevelID(w.unitAwd).
				SetPeriodKind(enum.PeriodSchoolYear).SetPeriodStartYear(y).SetPeriodEndYear(y + 1).Exec(ctx)
		}
	case op == 6:
		id := pick(r, positions)
		if r.IntN(2) == 0 {
			u := pick(r, w.units)
			what = fmt.Sprintf("move post %d to unit %d", id, u)
			err = c.Position.UpdateOneID(id).SetCollectiveID(u).Exec(ctx)
		} else {
			p := pick(r, w.people)
			what = fmt.Sprintf("give post %d to person %d", id, p)
			err = c.Position.UpdateOneID(id).SetIndividualID(p).Exec(ctx)
		}
	case op == 7:
		id := pick(r, positions)
		what = fmt.Sprintf("remove post %d", id)
		err = c.Position.DeleteOneID(id).Exec(ctx)
	case op == 8:
		id := pick(r, awards)
		a := c.Award.GetX(ctx, id)
		what = fmt.Sprintf("award %d public %v", id, !a.Public)
		err = c.Award.UpdateOne(a).SetPublic(!a.Public).Exec(ctx)
	case op == 9:
		id := pick(r, awards)
		if a := c.Award.GetX(ctx, id); a.RevokedAt == nil {
			what = fmt.Sprintf("revoke award %d", id)
			err = c.Award.UpdateOne(a).SetRevokedAt(time.Now().UTC()).SetRevocationReason("Hồ sơ không trung thực").Exec(ctx)
		} else {
			what = fmt.Sprintf("restore award %d", id)
			err = c.Award.UpdateOne(a).ClearRevokedAt().Exec(ctx)
		}
	case op == 10:
		id, y := pick(r, awards), 2019+r.IntN(4)
		what = fmt.Sprintf("award %d to %d", id, y)
		err = c.Award.UpdateOneID(id).SetPeriodStartYear(y).SetPeriodEndYear(y + 1).Exec(ctx)
	case op == 11:
		id := pick(r, awards)
		what = fmt.Sprintf("rename the recipient of award %d", id)
		err = c.Award.UpdateOneID(id).SetRecipientName(pick(r, []string{"Ánh", "Bảo", "Yến", "Ân"})).Exec(ctx)
	case op == 12:
		l, rank := pick(r, w.levels), r.IntN(1000)
		what = fmt.Sprintf("rank level %d %d", l, rank)
		err = c.AwardLevel.UpdateOneID(l).SetRank(rank).Exec(ctx)
	case op == 14 || op == 15:
		school, to := pick(r, w.schools), pick(r, w.districts)
		day := time.Date(2019, time.September, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(4*365))
		what = fmt.Sprintf("move unit %d under %d on %s", school, to, day.Format(time.DateOnly))
		_, err = reorg.Apply(ctx, c, reorg.Input{EffectiveOn: day, Moves: []reorg.Move{{CollectiveID: school, NewParentID: to}}})
	case op == 16:
		done := c.Reorganisation.Query().Where(reorganisation.RevertedAtIsNil()).IDsX(ctx)
		if len(done) == 0 {
			return "no reorganisation to revert"
		}
		id := pick(r, done)
		what = fmt.Sprintf("revert reorganisation %d", id)
		_, err = reorg.Revert(ctx, c, id, "Nhập nhầm ngày hiệu lực")
	default:
		p := pick(r, w.people)
		if r.IntN(2) == 0 {
			what = fmt.Sprintf("hide every award of person %d", p)
			err = c.Award.Update().Where(award.IndividualID(p), award.Public(true)).SetPublic(false).Exec(ctx)
		} else {
			id := pick(r, awards)
			what = fmt.Sprintf("delete award %d", id)
			err = c.Award.DeleteOneID(id).Exec(ctx)
		}
	}
	if err != nil {
		what += " (refused: " + err.Error() + ")"
	}
	return what
}

// compare reads posted_awards and listed_awards in SQL and returns how they differ from the
// model, "" if not.
func (w *world) compare(ctx context.Context, db *store.DB) string {
	return w.comparePosted(ctx, db) + w.compareListed(ctx, db)
}

// compareListed: every public, unrevoked award of a period, once under each unit that is its
// recipient unit or a unit of one of its recipient's posts, or lay above one of those at some
// day of the period (as the tree's paths say, which internal/tree's tests check against the
// affiliations).
func (w *world) compareListed(ctx context.Context, db *store.DB) string {
	posts := map[int][]int{}
	for _, p := range db.Client.Position.Query().AllX(ctx) {
		posts[p.IndividualID] = append(posts[p.IndividualID], p.CollectiveID)
	}
	var want []string
	for _, a := range db.Client.Award.Query().AllX(ctx) {
		if !a.Public || a.RevokedAt != nil || a.PeriodFrom == nil {
			continue
		}
		recipients := posts[ptrOr(a.IndividualID)]
		if a.CollectiveID != nil {
			recipients = []int{*a.CollectiveID}
		}
		for _, u := range w.units {
			for _, x := range recipients {
				under, err := tree.WithinDuring(ctx, db.Client, u, x, tree.Window{First: *a.PeriodFrom, Last: *a.PeriodTo})
				if err != nil {
					w.t.Fatal(err)
				}
				if under {
					want = append(want, listedRow(a.ID, u, a.LevelID, string(*a.PeriodKind), *a.PeriodStartYear, *a.PeriodEndYear, a.RollKey))
					break
				}
			}
		}
	}
	got := w.read(ctx, db, `SELECT award_id, collective_id, level_id, period_kind, period_start_year, period_end_year, roll_key FROM listed_awards`,
		func(scan func(...any) error) (string, error) {
			var (
				id, unit, level, start, end int
				kind, key                   string
			)
			err := scan(&id, &unit, &level, &kind, &start, &end, &key)
			return listedRow(id, unit, level, kind, start, end, key), err
		})
	return differ("listed_awards", want, got)
}

func ptrOr(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func listedRow(award, unit, level int, kind string, start, end int, key string) string {
	return fmt.Sprintf("award %d unit %d level %d %s %d-%d key %q", award, unit, level, kind, start, end, key)
}

// comparePosted: every public, unrevoked award to a person, once per unit of the person's
// posts.
func (w *world) comparePosted(ctx context.Context, db *store.DB) string {
	posts := map[int][]int{}
	for _, p := range db.Client.Position.Query().AllX(ctx) {
		if !slices.Contains(posts[p.IndividualID], p.CollectiveID) {
			posts[p.IndividualID] = append(posts[p.IndividualID], p.CollectiveID)
		}
	}
	var want []string
	for _, a := range db.Client.Award.Query().AllX(ctx) {
		if a.IndividualID == nil || !a.Public || a.RevokedAt != nil {
			continue
		}
		for _, u := range posts[*a.IndividualID] {
			want = append(want, row(a.ID, u, *a.IndividualID, a.LevelID, string(*a.PeriodKind), *a.PeriodStartYear, *a.PeriodEndYear, a.RollKey))
		}
	}
	got := w.read(ctx, db, `SELECT award_id, collective_id, individual_id, level_id, period_kind, period_start_year, period_end_year, roll_key FROM posted_awards`,
		func(scan func(...any) error) (string, error) {
			var (
				id, unit, person, level, start, end int
				kind, key                           string
			)
			err := scan(&id, &unit, &person, &level, &kind, &start, &end, &key)
			return row(id, unit, person, level, kind, start, end, key), err
		})
	return differ("posted_awards", want, got)
}

// read runs the query and returns its rows as row makes them.
func (w *world) read(ctx context.Context, db *store.DB, query string, row func(scan func(...any) error) (string, error)) []string {
	rows, err := db.SQL.QueryContext(ctx, query)
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		r, err := row(rows.Scan)
		if err != nil {
			w.t.Fatal(err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		w.t.Fatal(err)
	}
	return got
}

// differ says how the rows got differ from the rows wanted, "" if they do not.
func differ(table string, want, got []string) string {
	slices.Sort(want)
	slices.Sort(got)
	if slices.Equal(want, got) {
		return ""
	}
	var missing, extra []string
	for _, x := range want {
		if _, found := slices.BinarySearch(got, x); !found {
			missing = append(missing, x)
		}
	}
	for _, x := range got {
		if _, found := slices.BinarySearch(want, x); !found {
			extra = append(extra, x)
		}
	}
	return fmt.Sprintf("%s: %d rows, want %d; missing %v; not due %v. ", table, len(got), len(want), missing, extra)
}

func row(award, unit, person, level int, kind string, start, end int, key string) string {
	return fmt.Sprintf("award %d unit %d person %d level %d %s %d-%d key %q", award, unit, person, level, kind, start, end, key)
}
