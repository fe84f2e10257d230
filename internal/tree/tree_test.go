package tree_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
	"vinhdanh/internal/tree"
)

func TestTree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := rule.SystemContext(context.Background())
		db := dbtest.Open(t, target)
		c := db.Client
		unit := func(name string, kind enum.CollectiveKind, parent int) int {
			b := c.Collective.Create().SetName(name).SetKind(kind).SetTier(enum.TierGrassroots)
			if parent != 0 {
				b.SetParentID(parent)
			}
			return b.SaveX(ctx).ID
		}
		city := unit("Liên đoàn Lao động thành phố Hà Nội", enum.KindCityFederation, 0)
		hbt := unit("Liên đoàn Lao động quận Hai Bà Trưng", enum.KindDistrictFederation, city)
		school := unit("Công đoàn Trường Tiểu học Tô Hoàng", enum.KindGrassrootsUnion, hbt)
		tt := unit("Liên đoàn Lao động huyện Thanh Trì", enum.KindDistrictFederation, city)
		other := unit("Công đoàn Trường Tiểu học Tam Hiệp", enum.KindGrassrootsUnion, tt)

		if got, _ := tree.Subtree(ctx, c, hbt); !slices.Equal(got, []int{hbt, school}) {
			t.Errorf("Subtree(hbt) = %v", got)
		}
		if up, _ := tree.FederationAbove(ctx, c, school); up == nil || up.ID != hbt {
			t.Errorf("FederationAbove(school) = %v", up)
		}
		if up, _ := tree.FederationAbove(ctx, c, city); up != nil {
			t.Errorf("FederationAbove(city) = %v, want none", up)
		}
		// A teacher at the school until August 2024, then at Tam Hiệp.
		p := c.Individual.Create().SetFullName("Lê Thị Chuyển").SaveX(ctx)
		day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
		c.Position.Create().SetTitle("Giáo viên").SetIndividual(p).SetCollectiveID(school).
			SetStartDate(day("2019-09-01")).SetEndDate(day("2024-08-15")).ExecX(ctx)
		c.Position.Create().SetTitle("Giáo viên").SetIndividual(p).SetCollectiveID(other).SetStartDate(day("2024-08-16")).ExecX(ctx)
		year := func(start int) *period.Period {
			return &period.Period{Kind: enum.PeriodSchoolYear, StartYear: start, EndYear: start + 1}
		}
		tests := []struct {
			name string
			root int
			p    *period.Period
			want bool
		}{
			{"Hai Bà Trưng, 2023-2024", hbt, year(2023), true},
			{"Hai Bà Trưng, 2024-2025", hbt, year(2024), false},
			{"Thanh Trì, 2024-2025", tt, year(2024), true},
			{"Thanh Trì, 2022-2023", tt, year(2022), false},
			{"the city, any year", city, year(2022), true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := tree.Covers(ctx, c, tt.root, tree.Nominee{Kind: enum.RecipientIndividual, IndividualID: p.ID, Period: tt.p})
				if err != nil || got != tt.want {
					t.Errorf("Covers = %v, %v; want %v", got, err, tt.want)
				}
			})
		}
	})
}
