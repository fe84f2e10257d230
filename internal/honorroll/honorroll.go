// Package honorroll selects the awards of a unit's public honor roll: public, not revoked,
// given to the unit, the units below it, or people holding positions there. The order is
// the award's roll key (level rank, then Vietnamese name order), so pages are keyset pages
// over one indexed column, as fast on page 500 as on page 1.
package honorroll

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/listedaward"
	"vinhdanh/ent/position"
	"vinhdanh/ent/postedaward"
	"vinhdanh/ent/predicate"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/tree"
)

// Params select a roll.
type Params struct {
	CollectiveID       int
	IncludeDescendants bool
	Period             string           // "2022-2023", "2023" or empty
	PeriodKind         *enum.PeriodKind // inferred from Period when nil
	Levels             []string         // award level codes; empty for all
	Page               Page
}

// Page is the page the paginator will read. When it is known and no count is asked, the
// roll's conditions select just the page's ids (Filter): the database orders the roll's
// narrow (roll_key, id) pairs and stops at first + 1, and only the page's rows are read whole.
type Page struct {
	First   *int
	After   *entgql.Cursor[int]
	Counted bool // totalCount is asked: the conditions must select the whole roll
}

// Order is the roll's order, for ent's paginator.
var Order = []*ent.AwardOrder{{Field: ent.AwardOrderFieldRollKey, Direction: entgql.OrderDirectionAsc}}

// Filter returns the roll's conditions as an ent pagination filter.
func Filter(ctx context.Context, c *ent.Client, p Params) (func(*ent.AwardQuery) (*ent.AwardQuery, error), error) {
	var per *period.Period
	if p.Period != "" {
		parsed, err := parsePeriod(p.Period, p.PeriodKind)
		if err != nil {
			return nil, err
		}
		per = &parsed
	}
	if len(p.Levels) > 50 {
		return nil, apperr.Invalid("levels", "at most 50 levels")
	}
	if p.IncludeDescendants && per != nil {
		where := listed(p.CollectiveID, *per, p.Levels, p.Page)
		return func(q *ent.AwardQuery) (*ent.AwardQuery, error) { return q.Where(where), nil }, nil
	}
	units, many, err := units(ctx, c, p.CollectiveID, p.IncludeDescendants, per)
	if err != nil {
		return nil, err
	}
	ids := make([]any, len(units))
	for i, u := range units {
		ids[i] = u
	}
	where := []predicate.Award{inRoll(ids, nil)}
	moved := false
	if p.IncludeDescendants && per == nil {
		// Every period at once: each award is on the roll if its recipient stood under the
		// unit during the award's own period, which needs a check per row only where units
		// have moved.
		if moved, err = catalog.Reorganised(ctx, c, p.CollectiveID); err != nil {
			return nil, err
		}
		if moved {
			where = append(where, tree.UnderDuring(p.CollectiveID))
		}
	}
	if len(p.Levels) > 0 {
		where = append(where, award.HasLevelWith(awardlevel.CodeIn(p.Levels...)))
	}
	if per != nil {
		where = append(where, award.PeriodKindEQ(per.Kind), award.PeriodStartYear(per.StartYear), award.PeriodEndYear(per.EndYear))
	}
	// Plan choice by the subtree's size, which costs nothing to know: the roll of a few
	// hundred units is best found through the recipient indexes and sorted (a few thousand
	// rows at most); a provincial or national roll is best read in roll_key order from its
	// index, stopping once a page is full.
	if many {
		w := tree.Ever
		if per != nil {
			w = tree.During(per)
		}
		where[0] = inRoll([]any{p.CollectiveID}, tree.Below(p.CollectiveID, w))
	}
	if p.Page.known() {
		if many {
			where = []predicate.Award{pageOf(where, *p.Page.First, p.Page.After)}
		} else {
			where = []predicate.Award{shortPage(ids, where[1:], !moved, *p.Page.First, p.Page.After)}
		}
	}
	return func(q *ent.AwardQuery) (*ent.AwardQuery, error) { return q.Where(where...), nil }, nil
}

// listed selects the roll of a period of a unit with its descendants from listed_awards: the
// unit's entries of the period, in roll order, are one range of its index, so the page is read
// there and stops at first + 1, as cheap for a city or the country as for a school, on page
// 500 as on page 1. (Counted, or without a known page, the range is read whole.) The listing
// holds only public, unrevoked awards; the visibility is checked again on the award rows read,
// so that nothing kept wrongly in a derived table could show a hidden award.
func listed(unit int, per period.Period, levels []string, page Page) predicate.Award {
	return func(s *sql.Selector) {
		t := sql.Table(listedaward.Table).As("listed_award")
		ids := sql.Select(sql.As(t.C(listedaward.FieldAwardID), award.FieldID)).From(t).Where(sql.And(
			sql.EQ(t.C(listedaward.FieldCollectiveID), unit),
			sql.EQ(t.C(listedaward.FieldPeriodStartYear), per.StartYear),
			sql.EQ(t.C(listedaward.FieldPeriodKind), per.Kind),
			sql.EQ(t.C(listedaward.FieldPeriodEndYear), per.EndYear),
		))
		if len(levels) > 0 {
			award.HasLevelWith(awardlevel.CodeIn(levels...))(ids)
		}
		s.Where(sql.And(sql.EQ(s.C(award.FieldPublic), true), sql.IsNull(s.C(award.FieldRevokedAt))))
		if !page.known() {
			s.Where(sql.In(s.C(award.FieldID), ids))
			return
		}
		if page.After != nil {
			ids.Where(afterCursor(t, listedaward.FieldAwardID, page.After))
		}
		ids.OrderBy(t.C(listedaward.FieldRollKey), t.C(listedaward.FieldAwardID)).Limit(*page.First + 1)
		s.Where(idIn(s, ids))
	}
}

// shortPage selects the ids of a short roll's next first + 1 awards after the cursor, in
// roll order, from indexes alone: the units' own awards (award_collective_roll) and the
// awards of people posted there (disjoint: an award has one recipient), each filtered by
// conds inside its covering index, and the two ordered by roll_key. The posted awards are read
// from posted_awards, one index range per unit, when filed is set (conds name only the
// columns it copies); otherwise through the people, a seek per person (award_individual_roll).
// A city's school-year roll orders a few thousand index entries and reads no award row but
// the page's.
func shortPage(units []any, conds []predicate.Award, filed bool, first int, after *entgql.Cursor[int]) predicate.Award {
	return func(s *sql.Selector) {
		branch := func(t *sql.SelectTable, id string, where *sql.Predicate) *sql.Selector {
			b := sql.Select(t.C(id), t.C(award.FieldRollKey)).From(t).Where(where)
			for _, p := range conds {
				p(b)
			}
			if after != nil {
				b.Where(afterCursor(t, id, after))
			}
			return b
		}
		visible := func(t *sql.SelectTable) *sql.Predicate {
			return sql.And(sql.EQ(t.C(award.FieldPublic), true), sql.IsNull(t.C(award.FieldRevokedAt)))
		}
		// A person posted in two of the units is filed under both: those twins are all in the
		// posted branch (the units' own awards are awards to units, by award_one_recipient).
		// Where removing them costs least differs: SQLite while it sorts the page (one b-tree
		// for both; inside the branch a second), MariaDB inside the branch (a city's page at 1M:
		// 3.1 ms against 3.5).
		twinsInBranch := s.Dialect() == dialect.MySQL
		own := sql.Table(award.Table).As("own_award")
		roll := branch(own, award.FieldID, sql.And(sql.In(own.C(award.FieldCollectiveID), units...), visible(own)))
		if filed {
			t := sql.Table(postedaward.Table).As("posted_award")
			posted := branch(t, postedaward.FieldAwardID, sql.In(t.C(postedaward.FieldCollectiveID), units...))
			if twinsInBranch {
				posted.Distinct()
			}
			roll.UnionAll(posted)
		} else {
			t := sql.Table(award.Table).As("posted_award")
			roll.UnionAll(branch(t, award.FieldID, sql.And(sql.In(t.C(award.FieldIndividualID), sql.Select(position.FieldIndividualID).
				From(sql.Table(position.Table)).Where(sql.In(position.FieldCollectiveID, units...))), visible(t))))
		}
		// In the order's columns, so that the engine removes the twins while it sorts.
		page := roll.As("roll")
		ids := sql.Select(page.C(award.FieldRollKey), page.C(award.FieldID)).From(page).
			OrderBy(page.C(award.FieldRollKey), page.C(award.FieldID)).Limit(first + 1)
		if !twinsInBranch {
			ids.Distinct()
		}
		s.Where(idIn(s, ids))
	}
}

// afterCursor keeps the awards after a roll cursor: a greater roll key, or the same key and
// a greater award id (in the column id).
func afterCursor(t *sql.SelectTable, id string, after *entgql.Cursor[int]) *sql.Predicate {
	key, _ := cursorKey(after)
	return sql.Or(sql.GT(t.C(award.FieldRollKey), key),
		sql.And(sql.EQ(t.C(award.FieldRollKey), key), sql.GT(t.C(id), after.ID)))
}

// pageOf selects the ids of the roll's next first + 1 awards after the cursor, in roll
// order: the paginator then reads those rows alone, in the same order, with the same cursor.
func pageOf(roll []predicate.Award, first int, after *entgql.Cursor[int]) predicate.Award {
	return func(s *sql.Selector) {
		t := sql.Table(award.Table).As("page_award")
		inner := sql.Select(t.C(award.FieldID)).From(t)
		for _, p := range roll {
			p(inner)
		}
		if after != nil {
			inner.Where(afterCursor(t, award.FieldID, after))
		}
		inner.OrderBy(t.C(award.FieldRollKey), t.C(award.FieldID)).Limit(first + 1)
		s.Where(idIn(s, inner))
	}
}

// idIn keeps the awards whose ids a page's selection returns. The selection is wrapped in a
// derived table because MariaDB refuses LIMIT directly inside IN.
func idIn(s *sql.Selector, ids *sql.Selector) *sql.Predicate {
	return sql.In(s.C(award.FieldID), sql.Select(sql.Table("page").C(award.FieldID)).From(ids.As("page")))
}

// known reports whether the page can be selected by itself: its size is given, no count is
// asked, and its cursor, if any, carries a roll key.
func (p Page) known() bool {
	if p.First == nil || p.Counted {
		return false
	}
	if p.After == nil {
		return true
	}
	_, ok := cursorKey(p.After)
	return ok
}

// cursorKey is the roll key a roll cursor carries (the paginator's value of its one order
// field); a cursor without one is left to the paginator alone.
func cursorKey(c *entgql.Cursor[int]) (string, bool) {
	switch v := c.Value.(type) {
	case string:
		return v, true
	case []any:
		if len(v) == 1 {
			k, ok := v[0].(string)
			return k, ok
		}
	}
	return "", false
}

// units are the unit and, with descendants, the units under it during the period (at any
// time, without one): the tree of the period, not today's. Past ManyUnits units, many is
// set instead: such a roll or tally names its units by subquery.
func units(ctx context.Context, c *ent.Client, root int, descendants bool, per *period.Period) (units []int, many bool, err error) {
	if !descendants {
		return []int{root}, false, nil
	}
	w := tree.Ever
	if per != nil {
		w = tree.During(per)
	}
	return catalog.SubtreeUpTo(ctx, c, root, w, ManyUnits)
}

// MustExist answers NOT_FOUND for a unit that does not exist. A roll asks only when its page
// is empty: a page with awards proves its unit exists.
func MustExist(ctx context.Context, c *ent.Client, id int) error {
	ok, err := c.Collective.Query().Where(collective.ID(id)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("honor roll: load collective %d: %w", id, err)
	}
	if !ok {
		return &apperr.Error{Code: apperr.NotFound, Field: "collectiveID", Message: fmt.Sprintf("collective %d not found", id)}
	}
	return nil
}

// Under selects a unit's awards of every kind of visibility: given to the unit or, with
// descendants, to the units under it and people posted there, under the tree as it stood
// during each award's period (during per only, when given). The tally counts with it.
func Under(ctx context.Context, c *ent.Client, root int, descendants bool, per *period.Period) (predicate.Award, error) {
	units, many, err := units(ctx, c, root, descendants, per)
	if err != nil {
		return nil, err
	}
	moved := false
	if descendants && per == nil {
		if moved, err = catalog.Reorganised(ctx, c, root); err != nil {
			return nil, err
		}
	}
	// The units as a list, or as a subquery when there are too many to list.
	in := func(column string) *sql.Predicate {
		if !many {
			ids := make([]any, len(units))
			for i, u := range units {
				ids[i] = u
			}
			return sql.In(column, ids...)
		}
		w := tree.Ever
		if per != nil {
			w = tree.During(per)
		}
		return sql.Or(sql.EQ(column, root), sql.In(column, tree.Below(root, w)))
	}
	return func(s *sql.Selector) {
		people := sql.Select(position.FieldIndividualID).From(sql.Table(position.Table)).Where(in(position.FieldCollectiveID))
		if many {
			// Most awards of the country are under a large unit: reading them through the
			// recipient indexes costs a row lookup each. Wrapped, the columns lead no plan, and
			// the database reads a covering index (award_tally) from end to end instead.
			collective, individual := "("+s.C(award.FieldCollectiveID)+" + 0)", "("+s.C(award.FieldIndividualID)+" + 0)"
			s.Where(sql.Or(in(collective), sql.In(individual, people)))
		} else {
			// A few units: their awards' ids through the two recipient indexes, joined. An OR
			// of the two conditions defeats both indexes on MariaDB (a scan of every award),
			// and it runs "IN (… UNION …)" once per award.
			own := sql.Select(award.FieldID).From(sql.Table(award.Table)).Where(in(award.FieldCollectiveID))
			posted := sql.Select(award.FieldID).From(sql.Table(award.Table)).Where(sql.In(award.FieldIndividualID, people))
			under := own.UnionAll(posted).As("under_unit")
			s.Join(under).On(s.C(award.FieldID), under.C(award.FieldID))
		}
		if moved {
			tree.UnderDuring(root)(s)
		}
	}, nil
}

// ManyUnits is the subtree size from which a roll is read in order rather than sorted. Tests
// lower it to walk the ordered plan on small data.
var ManyUnits = 1000

// inRoll selects the public, unrevoked awards of the units and of people posted there.
//
// A short roll joins a derived table of its award ids, found through the two recipient
// indexes (the units' own awards, and the awards of people posted in the units), so the
// database reads only the roll's rows: an OR of the two IN conditions defeats both indexes on
// MariaDB and becomes a scan of every award. A long roll (below is the subquery of the units
// under the root, too many to list) is read in roll_key order: the recipient columns are
// wrapped in "+ 0" so no engine uses their indexes and the roll_key index drives the scan,
// stopping once a page is full.
func inRoll(units []any, below *sql.Selector) predicate.Award {
	return func(s *sql.Selector) {
		visible := sql.And(sql.EQ(s.C(award.FieldPublic), true), sql.IsNull(s.C(award.FieldRevokedAt)))
		if below != nil {
			collective, individual := "("+s.C(award.FieldCollectiveID)+" + 0)", "("+s.C(award.FieldIndividualID)+" + 0)"
			people := sql.Select(position.FieldIndividualID).From(sql.Table(position.Table)).
				Where(sql.Or(sql.In(position.FieldCollectiveID, units...), sql.In(position.FieldCollectiveID, below)))
			s.Where(sql.And(visible, sql.Or(sql.In(collective, units...), sql.In(collective, below), sql.In(individual, people))))
			return
		}
		own := sql.Select(award.FieldID).From(sql.Table(award.Table)).Where(sql.In(award.FieldCollectiveID, units...))
		a, p := sql.Table(award.Table).As("ra"), sql.Table(position.Table).As("rp")
		posted := sql.Select(a.C(award.FieldID)).From(a).
			Join(p).On(p.C(position.FieldIndividualID), a.C(award.FieldIndividualID)).
			Where(sql.In(p.C(position.FieldCollectiveID), units...))
		roll := own.Union(posted).As("roll")
		s.Join(roll).On(s.C(award.FieldID), roll.C(award.FieldID))
		s.Where(visible)
	}
}

func parsePeriod(s string, kind *enum.PeriodKind) (period.Period, error) {
	k := enum.PeriodCalendarYear
	switch {
	case kind != nil:
		k = *kind
	case strings.Contains(s, "-"):
		k = enum.PeriodSchoolYear
	}
	p, err := period.Parse(k, s)
	if err != nil {
		return period.Period{}, apperr.Invalid("period", "%v", err)
	}
	return p, nil
}

// LevelCount is how many awards of one level a roll holds.
type LevelCount struct {
	Level *ent.AwardLevel
	Count int
}

// Levels counts the roll's awards by level, highest level first: the headings of a roll shown
// in part, so that no level disappears because the ones above it filled the page. One GROUP BY
// over the roll's awards (the same selection and privacy as the roll), asked for only when a
// roll is cut.
func Levels(ctx context.Context, c *ent.Client, p Params) ([]LevelCount, error) {
	p.Page = Page{Counted: true}
	filter, err := Filter(ctx, c, p)
	if err != nil {
		return nil, err
	}
	q, err := filter(c.Award.Query())
	if err != nil {
		return nil, err
	}
	var rows []struct {
		LevelID int `json:"level_id"`
		Count   int `json:"count"`
	}
	if err := q.GroupBy(award.FieldLevelID).Aggregate(ent.Count()).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("honor roll: count by level: %w", err)
	}
	if len(rows) == 0 {
		return nil, MustExist(ctx, c, p.CollectiveID)
	}
	ids := make([]int, len(rows))
	for i, r := range rows {
		ids[i] = r.LevelID
	}
	levels, err := c.AwardLevel.Query().Where(awardlevel.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("honor roll: load levels: %w", err)
	}
	byID := make(map[int]*ent.AwardLevel, len(levels))
	for _, l := range levels {
		byID[l.ID] = l
	}
	out := make([]LevelCount, 0, len(rows))
	for _, r := range rows {
		if l := byID[r.LevelID]; l != nil {
			out = append(out, LevelCount{Level: l, Count: r.Count})
		}
	}
	slices.SortFunc(out, func(a, b LevelCount) int {
		return cmp.Or(cmp.Compare(b.Level.Rank, a.Level.Rank), cmp.Compare(a.Level.ID, b.Level.ID))
	})
	return out, nil
}
