package export

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"vinhdanh/ent"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/tally"
)

// MaxPeriods bounds a statistics report.
const MaxPeriods = 20

// Stats is the multi-year statistics report: for a unit (and the units under it, as the tree
// stood in each award's period), one row per period and one column per level and kind of
// recipient, counted by the database (internal/tally). Periods are written as on the forms:
// "2022-2023" is a school year, "2024" a calendar year.
func Stats(ctx context.Context, c *ent.Client, collectiveID int, includeDescendants bool, periods []string) (*Sheet, error) {
	if len(periods) == 0 || len(periods) > MaxPeriods {
		return nil, apperr.Invalid("periods", "name between 1 and %d periods, e.g. periods=2021-2022,2022-2023", MaxPeriods)
	}
	unit, err := c.Collective.Get(ctx, collectiveID)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "collective", Message: fmt.Sprintf("collective %d not found", collectiveID)}
	}
	if err != nil {
		return nil, fmt.Errorf("load collective %d: %w", collectiveID, err)
	}
	type column struct {
		level *ent.AwardLevel
		kind  enum.RecipientKind
	}
	var (
		columns []column
		seen    = map[string]int{}
		counts  = make([]map[string]int, len(periods))
	)
	for i, text := range periods {
		kind := enum.PeriodCalendarYear
		if strings.Contains(text, "-") {
			kind = enum.PeriodSchoolYear
		}
		p, err := period.Parse(kind, strings.TrimSpace(text))
		if err != nil {
			return nil, apperr.Invalid("periods", "%q: %v", text, err)
		}
		rows, err := tally.ByLevel(ctx, c, &ent.AwardWhereInput{PeriodKind: &p.Kind, PeriodStartYear: &p.StartYear, PeriodEndYear: &p.EndYear},
			tally.Scope{CollectiveID: collectiveID, IncludeDescendants: includeDescendants})
		if err != nil {
			return nil, err
		}
		counts[i] = map[string]int{}
		for _, r := range rows {
			key := r.Level.Code + "/" + string(r.RecipientKind)
			counts[i][key] = r.Count
			if _, ok := seen[key]; !ok {
				seen[key] = len(columns)
				columns = append(columns, column{r.Level, r.RecipientKind})
			}
		}
	}
	// Highest level first, collectives before individuals: the order of the tally.
	slices.SortFunc(columns, func(a, b column) int {
		return cmp.Or(cmp.Compare(b.level.Rank, a.level.Rank), cmp.Compare(a.level.Code, b.level.Code), cmp.Compare(a.kind, b.kind))
	})
	s := &Sheet{Title: "Thống kê khen thưởng của " + unit.Name, Name: fmt.Sprintf("thong-ke-%d", unit.ID),
		Header: []string{"Thời kỳ"}, Numeric: map[int]bool{}}
	for _, col := range columns {
		who := "cá nhân"
		if col.kind == enum.RecipientCollective {
			who = "tập thể"
		}
		s.Numeric[len(s.Header)] = true
		s.Header = append(s.Header, col.level.Name+" ("+who+")")
	}
	for i, text := range periods {
		row := []string{strings.TrimSpace(text)}
		for _, col := range columns {
			row = append(row, strconv.Itoa(counts[i][col.level.Code+"/"+string(col.kind)]))
		}
		s.Rows = append(s.Rows, row)
	}
	return s, nil
}
