package honorroll_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"entgo.io/contrib/entgql"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/ent/individual"
	"vinhdanh/ent/position"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

// TestPagesWalkTheRoll: for every unit of the demo records, alone and with its descendants,
// for every period and for a choice of levels, pages found without a count (the page's ids
// through the recipient index and posted_awards, or a range of listed_awards for a period's
// roll with descendants) walk the roll the counted selection gives, in the same order, each
// award once — also once a person holds posts in two units of the same roll. (That the listing
// holds what the roll's definition holds is internal/posted's model test.)
func TestPagesWalkTheRoll(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := rule.SystemContext(context.Background())
		db := dbtest.Seeded(t, target)
		c := db.Client
		check := func(t *testing.T) {
			for _, unit := range c.Collective.Query().IDsX(ctx) {
				for _, p := range []honorroll.Params{
					{CollectiveID: unit},
					{CollectiveID: unit, IncludeDescendants: true},
					{CollectiveID: unit, IncludeDescendants: true, Period: "2022-2023"},
					{CollectiveID: unit, IncludeDescendants: true, Period: "2022"},
					{CollectiveID: unit, IncludeDescendants: true, Levels: []string{"CITY_BANG_KHEN", "DISTRICT_GIAY_KHEN"}},
					{CollectiveID: unit, IncludeDescendants: true, Period: "2022-2023", Levels: []string{"CITY_BANG_KHEN", "DISTRICT_GIAY_KHEN"}},
				} {
					want := ids(t, ctx, c, p, honorroll.Page{Counted: true}, 1000)
					var got []int
					var after *entgql.Cursor[int]
					for range 50 {
						// As the paginator reads it: first + 1 ids, the last only to say there is more.
						page := ids(t, ctx, c, p, honorroll.Page{First: ptr(3), After: after}, 4)
						if len(page) < 4 {
							got = append(got, page...)
							break
						}
						page = page[:3]
						got = append(got, page...)
						last := c.Award.GetX(ctx, page[len(page)-1])
						after = &entgql.Cursor[int]{ID: last.ID, Value: last.RollKey}
					}
					if !slices.Equal(got, want) {
						t.Errorf("%+v: pages of 3 walk %v, the roll is %v", p, got, want)
					}
				}
			}
		}
		t.Run("demo records", check)

		// The levels' filter on a listed roll keeps the roll's awards of those levels.
		t.Run("levels of a listed roll", func(t *testing.T) {
			codes := []string{"CITY_BANG_KHEN", "DISTRICT_GIAY_KHEN"}
			kept := 0
			for _, unit := range c.Collective.Query().IDsX(ctx) {
				p := honorroll.Params{CollectiveID: unit, IncludeDescendants: true, Period: "2022-2023"}
				all := ids(t, ctx, c, p, honorroll.Page{Counted: true}, 1000)
				want := c.Award.Query().Where(award.IDIn(all...), award.HasLevelWith(awardlevel.CodeIn(codes...))).
					Order(award.ByRollKey(), award.ByID()).IDsX(ctx)
				p.Levels = codes
				if got := ids(t, ctx, c, p, honorroll.Page{First: ptr(1000)}, 1001); !slices.Equal(got, want) {
					t.Errorf("unit %d: levels %v list %v, the roll holds %v of them", unit, codes, got, want)
				}
				kept += len(want)
			}
			if kept == 0 {
				t.Error("no award of those levels on any roll of 2022-2023: the check says nothing")
			}
		})

		// A person on a roll posted in a second unit of it: twice in posted_awards, once on the roll.
		// Posts in the units above the person's own: each of their rolls holds both.
		a := c.Award.Query().Where(award.IndividualIDNotNil(), award.Public(true), award.RevokedAtIsNil(),
			award.HasIndividualWith(individual.HasPositions())).FirstX(ctx)
		post := c.Position.Query().Where(position.IndividualID(*a.IndividualID)).FirstX(ctx)
		above := 0
		for unit := c.Collective.GetX(ctx, post.CollectiveID); unit.ParentID != nil; unit = c.Collective.GetX(ctx, *unit.ParentID) {
			c.Position.Create().SetTitle("Ủy viên Ban Chấp hành").SetIndividualID(*a.IndividualID).SetCollectiveID(*unit.ParentID).ExecX(ctx)
			above++
		}
		if above == 0 {
			t.Fatalf("award %d: its recipient's unit %d has no unit above it", a.ID, post.CollectiveID)
		}
		t.Run("a person posted in several units", check)
	})
}

// ids are the roll's award ids in roll order: at most limit of them, after the page's cursor.
func ids(t *testing.T, ctx context.Context, c *ent.Client, p honorroll.Params, page honorroll.Page, limit int) []int {
	t.Helper()
	p.Page = page
	filter, err := honorroll.Filter(ctx, c, p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := filter(c.Award.Query())
	if err != nil {
		t.Fatal(err)
	}
	if page.After != nil {
		key := fmt.Sprint(page.After.Value)
		q.Where(award.Or(award.RollKeyGT(key), award.And(award.RollKey(key), award.IDGT(page.After.ID))))
	}
	return q.Order(award.ByRollKey(), award.ByID()).Limit(limit).IDsX(ctx)
}

func ptr[T any](v T) *T { return &v }
