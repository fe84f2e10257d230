// Package tree answers the questions scope checks, rolls and tallies ask of the collective
// tree, which changes over time: a unit's subtree, whether a unit lies under another, the
// federation above a unit, and whether a person held a post under a unit, each as of a day or
// during a period. The answers come from tree_paths, every ancestor of every unit with the
// span of days it was one, derived from the dated affiliations and kept here (Rebuild, AddUnit),
// so each question is one indexed query whatever the tree's depth.
package tree

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"vinhdanh/ent"
	"vinhdanh/ent/affiliation"
	"vinhdanh/ent/award"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/position"
	"vinhdanh/ent/predicate"
	"vinhdanh/ent/treepath"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/posted"
	"vinhdanh/internal/rule"
)

// MaxDepth bounds every walk, so a cycle written by mistake cannot hang a request.
const MaxDepth = 16

// StateLine are the kinds of the state and education line (chính quyền, chuyên môn), which
// issues awards beside the union: a school (its head), a Phòng or Sở GD&ĐT, a UBND.
var StateLine = []enum.CollectiveKind{enum.KindSchool, enum.KindGovernmentBody}

// Federations are the union bodies that review and issue awards above a grassroots unit.
var Federations = []enum.CollectiveKind{enum.KindDistrictFederation, enum.KindSectorUnion, enum.KindCityFederation, enum.KindConfederation}

// Window is a span of days, both ends included: a day, or a period's first to last day.
type Window struct{ First, Last time.Time }

// Day is the window of one day.
func Day(d time.Time) Window {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	return Window{d, d}
}

// Ever is the window of all time.
var Ever = Window{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}

// Today is the window of the current day, in UTC.
func Today() Window { return Day(time.Now().UTC()) }

// During is the window of a period, or today when there is none.
func During(p *period.Period) Window {
	if p == nil {
		return Today()
	}
	first, last := p.Span()
	return Window{first, last}
}

// overlaps selects tree paths valid at some day of w.
func (w Window) overlaps() predicate.TreePath {
	return treepath.And(
		treepath.Or(treepath.ValidFromIsNil(), treepath.ValidFromLTE(w.Last)),
		treepath.Or(treepath.ValidToIsNil(), treepath.ValidToGT(w.First)),
	)
}

// Subtree returns root and every unit under it today, sorted.
func Subtree(ctx context.Context, c *ent.Client, root int) ([]int, error) {
	return SubtreeDuring(ctx, c, root, Today())
}

// SubtreeDuring returns root and every unit under it at some day of w, sorted.
func SubtreeDuring(ctx context.Context, c *ent.Client, root int, w Window) ([]int, error) {
	ids, err := c.TreePath.Query().Where(treepath.AncestorID(root), w.overlaps()).
		Select(treepath.FieldDescendantID).Ints(rule.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("load the subtree of collective %d: %w", root, err)
	}
	ids = append(ids, root)
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// AboveToday keeps the rows whose column names one of the units or a unit above one of them
// today: whoever may read what concerns them (a nomination's proposer, its reviewer). One
// condition with a subquery, so the caller's query stays one statement.
func AboveToday(column string, units ...int) func(*sql.Selector) {
	w := Today()
	ids := make([]any, len(units))
	for i, u := range units {
		ids[i] = u
	}
	return func(s *sql.Selector) {
		t := sql.Table(treepath.Table)
		above := sql.Select(t.C(treepath.FieldAncestorID)).From(t).
			Where(sql.And(sql.In(t.C(treepath.FieldDescendantID), ids...), w.pathOverlaps(t)))
		s.Where(sql.Or(sql.In(s.C(column), ids...), sql.In(s.C(column), above)))
	}
}

// SubtreeUpTo is SubtreeDuring for callers that need the list only when it is short: past
// max paths it reads no further and reports more instead (a national subtree is thousands of
// rows that a caller choosing a plan by size never needs).
func SubtreeUpTo(ctx context.Context, c *ent.Client, root int, w Window, max int) (ids []int, more bool, err error) {
	ids, err = c.TreePath.Query().Where(treepath.AncestorID(root), w.overlaps()).Limit(max + 1).
		Select(treepath.FieldDescendantID).Ints(rule.SystemContext(ctx))
	if err != nil {
		return nil, false, fmt.Errorf("load the subtree of collective %d: %w", root, err)
	}
	if len(ids) > max {
		return nil, true, nil
	}
	ids = append(ids, root)
	slices.Sort(ids)
	return slices.Compact(ids), false, nil
}

// Within reports whether collective id is root or lies under it today.
func Within(ctx context.Context, c *ent.Client, root, id int) (bool, error) {
	return WithinDuring(ctx, c, root, id, Today())
}

// WithinDuring reports whether collective id is root or lay under it at some day of w.
func WithinDuring(ctx context.Context, c *ent.Client, root, id int, w Window) (bool, error) {
	if root == id {
		return true, nil
	}
	ok, err := c.TreePath.Query().Where(treepath.AncestorID(root), treepath.DescendantID(id), w.overlaps()).
		Exist(rule.SystemContext(ctx))
	if err != nil {
		return false, fmt.Errorf("is collective %d under %d: %w", id, root, err)
	}
	return ok, nil
}

// IssuerFor returns the body that gives the level to the people and units of collective unit,
// as the record knows it today: the nearest body at or above the unit, or at or above its
// counterpart in the state line (a school's union: the school, its Phòng, its Sở), that is one
// of the level's named issuers or, when it names none, of its issuer kind and tier. Nil when
// the record has none.
func IssuerFor(ctx context.Context, c *ent.Client, unit int, level *ent.AwardLevel) (*ent.Collective, error) {
	ctx = rule.SystemContext(ctx)
	named, err := level.QueryIssuers().IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the issuers of level %d: %w", level.ID, err)
	}
	start := []int{unit}
	u, err := c.Collective.Get(ctx, unit)
	if err != nil {
		return nil, fmt.Errorf("load collective %d: %w", unit, err)
	}
	if u.CounterpartID != nil {
		start = append(start, *u.CounterpartID)
	}
	for _, from := range start {
		paths, err := c.TreePath.Query().Where(treepath.DescendantID(from), Today().overlaps()).
			Order(ent.Asc(treepath.FieldDepth)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load the ancestors of collective %d: %w", from, err)
		}
		ids := []int{from}
		for _, p := range paths {
			ids = append(ids, p.AncestorID)
		}
		match := collective.And(collective.KindEQ(level.IssuerKind), collective.TierEQ(level.Tier))
		if len(named) > 0 {
			match = collective.IDIn(named...)
		}
		bodies, err := c.Collective.Query().Where(collective.IDIn(ids...), match).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load the bodies above collective %d: %w", from, err)
		}
		for _, id := range ids {
			for _, b := range bodies {
				if b.ID == id {
					return b, nil
				}
			}
		}
	}
	return nil, nil
}

// FederationAbove returns the nearest union federation above the collective today, or nil.
func FederationAbove(ctx context.Context, c *ent.Client, collectiveID int) (*ent.Collective, error) {
	ctx = rule.SystemContext(ctx)
	paths, err := c.TreePath.Query().Where(treepath.DescendantID(collectiveID), treepath.DepthGT(0), Today().overlaps()).
		Order(ent.Asc(treepath.FieldDepth)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the ancestors of collective %d: %w", collectiveID, err)
	}
	ids := make([]int, len(paths))
	for i, p := range paths {
		ids[i] = p.AncestorID
	}
	units, err := c.Collective.Query().Where(collective.IDIn(ids...), collective.KindIn(Federations...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the federations above collective %d: %w", collectiveID, err)
	}
	for _, id := range ids {
		for _, u := range units {
			if u.ID == id {
				return u, nil
			}
		}
	}
	return nil, nil
}

// postsDuring returns the units in which the individual held a post at some time during the
// window. A post without dates counts as held throughout.
func postsDuring(ctx context.Context, c *ent.Client, individualID int, w Window) ([]int, error) {
	units, err := c.Position.Query().Where(position.IndividualID(individualID),
		position.Or(position.StartDateIsNil(), position.StartDateLTE(w.Last)),
		position.Or(position.EndDateIsNil(), position.EndDateGTE(w.First)),
	).Select(position.FieldCollectiveID).Ints(rule.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("load the posts of individual %d: %w", individualID, err)
	}
	slices.Sort(units)
	return slices.Compact(units), nil
}

// Nominee is a recipient: a collective or an individual, for a period.
type Nominee struct {
	Kind         enum.RecipientKind
	CollectiveID int
	IndividualID int
	Period       *period.Period
}

// Covers reports whether the nominee lay within root during its period (today when it has
// none): a collective in root's subtree then, an individual holding a post in a unit that was
// in root's subtree then.
//
// A union stands, for the state line, where its counterpart stands (a school's union where the
// school does): a Phòng GD&ĐT covers the teachers of its schools' unions.
func Covers(ctx context.Context, c *ent.Client, root int, n Nominee) (bool, error) {
	w := During(n.Period)
	units := []int{n.CollectiveID}
	if n.Kind != enum.RecipientCollective {
		var err error
		if units, err = postsDuring(ctx, c, n.IndividualID, w); err != nil || len(units) == 0 {
			return false, err
		}
	}
	others, err := c.Collective.Query().Where(collective.IDIn(units...), collective.CounterpartIDNotNil()).
		Select(collective.FieldCounterpartID).Ints(rule.SystemContext(ctx))
	if err != nil {
		return false, fmt.Errorf("load the counterparts of %v: %w", units, err)
	}
	units = append(units, others...)
	if slices.Contains(units, root) {
		return true, nil
	}
	ok, err := c.TreePath.Query().Where(treepath.AncestorID(root), treepath.DescendantIDIn(units...), w.overlaps()).
		Exist(rule.SystemContext(ctx))
	if err != nil {
		return false, fmt.Errorf("are units %v under %d: %w", units, root, err)
	}
	return ok, nil
}

// span is a half-open span of days; nil ends are unbounded.
type span struct{ from, to *time.Time }

func (s span) intersect(o span) (span, bool) {
	out := s
	if o.from != nil && (out.from == nil || o.from.After(*out.from)) {
		out.from = o.from
	}
	if o.to != nil && (out.to == nil || o.to.Before(*out.to)) {
		out.to = o.to
	}
	return out, out.from == nil || out.to == nil || out.from.Before(*out.to)
}

type path struct {
	ancestor, depth int
	span
}

// Rebuild derives every tree path from the affiliations that are not cancelled: one pass over
// them, then the table rewritten. Reorganisations are rare; c should be a transaction's client.
func Rebuild(ctx context.Context, c *ent.Client) error {
	ctx = rule.SystemContext(ctx)
	affs, err := c.Affiliation.Query().Where(affiliation.CancelledAtIsNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("rebuild tree paths: load affiliations: %w", err)
	}
	units, err := c.Collective.Query().IDs(ctx)
	if err != nil {
		return fmt.Errorf("rebuild tree paths: load collectives: %w", err)
	}
	up := map[int][]*ent.Affiliation{}
	for _, a := range affs {
		up[a.CollectiveID] = append(up[a.CollectiveID], a)
	}
	memo := map[int][]path{}
	var pathsOf func(u, depth int) []path
	pathsOf = func(u, depth int) []path {
		if p, ok := memo[u]; ok {
			return p
		}
		out := []path{{ancestor: u}}
		if depth < MaxDepth {
			for _, a := range up[u] {
				own := span{a.ValidFrom, a.ValidTo}
				for _, p := range pathsOf(a.ParentID, depth+1) {
					if s, ok := own.intersect(p.span); ok {
						out = append(out, path{ancestor: p.ancestor, depth: p.depth + 1, span: s})
					}
				}
			}
		}
		memo[u] = out
		return out
	}
	before, err := c.TreePath.Query().All(ctx)
	if err != nil {
		return fmt.Errorf("rebuild tree paths: load: %w", err)
	}
	if _, err := c.TreePath.Delete().Exec(ctx); err != nil {
		return fmt.Errorf("rebuild tree paths: clear: %w", err)
	}
	var batch []*ent.TreePathCreate
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := c.TreePath.CreateBulk(batch...).Exec(ctx)
		batch = batch[:0]
		return err
	}
	var after []*ent.TreePath // what is written, to compare with before
	for _, u := range units {
		for _, p := range pathsOf(u, 0) {
			if p.depth == 0 {
				continue // a unit is its own root without a row
			}
			after = append(after, &ent.TreePath{AncestorID: p.ancestor, DescendantID: u, ValidFrom: p.from, ValidTo: p.to, Depth: p.depth})
			batch = append(batch, c.TreePath.Create().SetAncestorID(p.ancestor).SetDescendantID(u).
				SetNillableValidFrom(p.from).SetNillableValidTo(p.to).SetDepth(p.depth))
			if len(batch) == 500 {
				if err := flush(); err != nil {
					return fmt.Errorf("rebuild tree paths: %w", err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("rebuild tree paths: %w", err)
	}
	// The awards listed on the rolls above the units whose ancestors changed are listed again.
	if err := posted.Units(ctx, c, moved(before, after)...); err != nil {
		return fmt.Errorf("rebuild tree paths: %w", err)
	}
	return nil
}

// moved returns the units whose paths differ between the two sets, sorted.
func moved(before, after []*ent.TreePath) []int {
	type key struct {
		ancestor, descendant, depth int
		from, to                    string
	}
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.DateOnly)
	}
	count := map[key]int{}
	for _, p := range before {
		count[key{p.AncestorID, p.DescendantID, p.Depth, day(p.ValidFrom), day(p.ValidTo)}]++
	}
	for _, p := range after {
		count[key{p.AncestorID, p.DescendantID, p.Depth, day(p.ValidFrom), day(p.ValidTo)}]--
	}
	var units []int
	for k, n := range count {
		if n != 0 {
			units = append(units, k.descendant)
		}
	}
	slices.Sort(units)
	return slices.Compact(units)
}

// Attach records a new unit's first parent, from the given day (nil: since always), with
// its paths: the parent's own paths, from that day on. A new unit has no descendants yet.
func Attach(ctx context.Context, c *ent.Client, unit, parent int, from *time.Time) error {
	ctx = rule.SystemContext(ctx)
	if err := c.Affiliation.Create().SetCollectiveID(unit).SetParentID(parent).SetNillableValidFrom(from).Exec(ctx); err != nil {
		return fmt.Errorf("record the parent of collective %d: %w", unit, err)
	}
	above, err := c.TreePath.Query().Where(treepath.DescendantID(parent)).All(ctx)
	if err != nil {
		return fmt.Errorf("load the paths of collective %d: %w", parent, err)
	}
	own := span{from: from}
	batch := []*ent.TreePathCreate{c.TreePath.Create().SetAncestorID(parent).SetDescendantID(unit).SetNillableValidFrom(from).SetDepth(1)}
	for _, p := range above {
		if s, ok := own.intersect(span{p.ValidFrom, p.ValidTo}); ok {
			batch = append(batch, c.TreePath.Create().SetAncestorID(p.AncestorID).SetDescendantID(unit).
				SetNillableValidFrom(s.from).SetNillableValidTo(s.to).SetDepth(p.Depth+1))
		}
	}
	if err := c.TreePath.CreateBulk(batch...).Exec(ctx); err != nil {
		return fmt.Errorf("record the paths of collective %d: %w", unit, err)
	}
	return nil
}

// UnderDuring selects rows whose recipient lay under root during the row's own period (its
// period_from and period_to columns; today when it has none): a collective through a tree path
// valid then, an individual through a post held then in a unit under root then. Used by the
// honor roll and the tally, so a unit's past rolls keep the awards of units that have moved
// since.
func UnderDuring(root int) func(*sql.Selector) {
	return func(s *sql.Selector) {
		t := sql.Table(treepath.Table).As("tp")
		from, to := s.C("period_from"), s.C("period_to")
		valid := func(validFrom, validTo string) *sql.Predicate {
			return sql.And(
				sql.Or(sql.IsNull(validFrom), sql.IsNull(to), sql.ColumnsLTE(validFrom, to)),
				sql.Or(sql.IsNull(validTo), sql.IsNull(from), sql.ColumnsGT(validTo, from)),
			)
		}
		unit := sql.Select("*").From(t).Where(sql.And(
			sql.EQ(t.C(treepath.FieldAncestorID), root),
			sql.ColumnsEQ(t.C(treepath.FieldDescendantID), s.C("collective_id")),
			valid(t.C(treepath.FieldValidFrom), t.C(treepath.FieldValidTo)),
		))
		pos := sql.Table(position.Table).As("ps")
		pt := sql.Table(treepath.Table).As("pt")
		person := sql.Select("*").From(pos).
			LeftJoin(pt).On(pt.C(treepath.FieldDescendantID), pos.C(position.FieldCollectiveID)).
			Where(sql.And(
				sql.ColumnsEQ(pos.C(position.FieldIndividualID), s.C("individual_id")),
				sql.Or(sql.IsNull(pos.C(position.FieldStartDate)), sql.IsNull(to), sql.ColumnsLTE(pos.C(position.FieldStartDate), to)),
				sql.Or(sql.IsNull(pos.C(position.FieldEndDate)), sql.IsNull(from), sql.ColumnsGTE(pos.C(position.FieldEndDate), from)),
				sql.Or(
					sql.EQ(pos.C(position.FieldCollectiveID), root),
					sql.And(sql.EQ(pt.C(treepath.FieldAncestorID), root), valid(pt.C(treepath.FieldValidFrom), pt.C(treepath.FieldValidTo))),
				),
			))
		s.Where(sql.Or(
			sql.EQ(s.C("collective_id"), root),
			sql.Exists(unit),
			sql.Exists(person),
		))
	}
}

// Correct replaces the unit's current affiliation by one under parent (none: a root) from the
// same day: a correction, not a move. The replaced affiliation is kept, cancelled.
func Correct(ctx context.Context, c *ent.Client, unit int, parent *int) error {
	ctx = rule.SystemContext(ctx)
	current, err := c.Affiliation.Query().Where(affiliation.CollectiveID(unit), affiliation.ValidToIsNil(),
		affiliation.CancelledAtIsNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("load the affiliation of collective %d: %w", unit, err)
	}
	var from *time.Time
	for _, a := range current {
		from = a.ValidFrom
		if err := c.Affiliation.UpdateOne(a).SetCancelledAt(time.Now().UTC()).Exec(ctx); err != nil {
			return fmt.Errorf("cancel affiliation %d: %w", a.ID, err)
		}
	}
	if parent != nil {
		if err := c.Affiliation.Create().SetCollectiveID(unit).SetParentID(*parent).SetNillableValidFrom(from).Exec(ctx); err != nil {
			return fmt.Errorf("record the parent of collective %d: %w", unit, err)
		}
	}
	return Rebuild(ctx, c)
}

// Backfill gives every collective of a database written before the tree had a history its
// parent as an affiliation since always, and derives the tree paths when there are none.
func Backfill(ctx context.Context, c *ent.Client) error {
	ctx = rule.SystemContext(ctx)
	orphans, err := c.Collective.Query().Where(collective.ParentIDNotNil(), collective.Not(collective.HasAffiliations())).All(ctx)
	if err != nil {
		return fmt.Errorf("find collectives without affiliations: %w", err)
	}
	for _, u := range orphans {
		if err := c.Affiliation.Create().SetCollectiveID(u.ID).SetParentID(*u.ParentID).Exec(ctx); err != nil {
			return fmt.Errorf("record the parent of collective %d: %w", u.ID, err)
		}
	}
	undated, err := c.Award.Query().Where(award.PeriodKindNotNil(), award.PeriodFromIsNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("find awards without period days: %w", err)
	}
	for _, a := range undated {
		p := period.Of(a.PeriodKind, a.PeriodStartYear, a.PeriodEndYear)
		if p == nil {
			continue
		}
		first, last := p.Span()
		if err := c.Award.UpdateOne(a).SetPeriodFrom(first).SetPeriodTo(last).Exec(ctx); err != nil {
			return fmt.Errorf("set the period days of award %d: %w", a.ID, err)
		}
	}
	paths, err := c.TreePath.Query().Exist(ctx)
	if err != nil {
		return fmt.Errorf("find tree paths: %w", err)
	}
	if len(orphans) > 0 || !paths {
		return Rebuild(ctx, c)
	}
	return nil
}

type reorganisingKey struct{}

// Reorganising marks ctx as recording a reorganisation, which keeps the affiliations itself:
// the collective hook must not treat its parent changes as corrections.
func Reorganising(ctx context.Context) context.Context {
	return context.WithValue(ctx, reorganisingKey{}, true)
}

// IsReorganising reports whether ctx records a reorganisation.
func IsReorganising(ctx context.Context) bool { return ctx.Value(reorganisingKey{}) != nil }

// validOn selects affiliations in force on day.
func validOn(day time.Time) predicate.Affiliation {
	return affiliation.And(affiliation.CancelledAtIsNil(),
		affiliation.Or(affiliation.ValidFromIsNil(), affiliation.ValidFromLTE(day)),
		affiliation.Or(affiliation.ValidToIsNil(), affiliation.ValidToGT(day)))
}

// ParentAt returns the unit's parent on day, or nil.
func ParentAt(ctx context.Context, c *ent.Client, unit int, day time.Time) (*ent.Collective, error) {
	a, err := c.Affiliation.Query().Where(affiliation.CollectiveID(unit), validOn(Day(day).First)).
		WithParent().First(rule.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load the parent of collective %d: %w", unit, err)
	}
	return a.Edges.Parent, nil
}

// ChildrenAt returns the units directly under unit on day.
func ChildrenAt(ctx context.Context, c *ent.Client, unit int, day time.Time) ([]*ent.Collective, error) {
	out, err := c.Collective.Query().Where(collective.HasAffiliationsWith(affiliation.ParentID(unit), validOn(Day(day).First))).
		Order(ent.Asc(collective.FieldNameKey)).All(rule.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("load the children of collective %d: %w", unit, err)
	}
	return out, nil
}

// PathAt returns the units from the root down to unit as the tree stood on day.
func PathAt(ctx context.Context, c *ent.Client, unit int, day time.Time) ([]*ent.Collective, error) {
	ctx = rule.SystemContext(ctx)
	paths, err := c.TreePath.Query().Where(treepath.DescendantID(unit), Day(day).overlaps()).
		Order(ent.Desc(treepath.FieldDepth)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the path of collective %d: %w", unit, err)
	}
	ids := []int{}
	for _, p := range paths {
		ids = append(ids, p.AncestorID)
	}
	ids = append(ids, unit)
	units, err := c.Collective.Query().Where(collective.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the path of collective %d: %w", unit, err)
	}
	out := make([]*ent.Collective, 0, len(ids))
	for _, id := range ids {
		for _, u := range units {
			if u.ID == id {
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// Reorganised reports whether anything under root ever changed place: a tree path under it
// that starts or ends on some day. When nothing did, the subtree of all time is exact for
// every period and the per-row check of UnderDuring can be skipped.
func Reorganised(ctx context.Context, c *ent.Client, root int) (bool, error) {
	ok, err := c.TreePath.Query().Where(treepath.AncestorID(root),
		treepath.Or(treepath.ValidFromNotNil(), treepath.ValidToNotNil())).Exist(rule.SystemContext(ctx))
	if err != nil {
		return false, fmt.Errorf("has the subtree of collective %d changed: %w", root, err)
	}
	return ok, nil
}

// Below selects the ids of the units under root at some day of w (root itself excluded), as
// a subquery: for subtrees too large to pass as a list of ids.
func Below(root int, w Window) *sql.Selector {
	t := sql.Table(treepath.Table)
	return sql.Select(t.C(treepath.FieldDescendantID)).From(t).
		Where(sql.And(sql.EQ(t.C(treepath.FieldAncestorID), root), w.pathOverlaps(t)))
}

// pathOverlaps is overlaps for a tree_paths table named in a hand-built subquery.
func (w Window) pathOverlaps(t *sql.SelectTable) *sql.Predicate {
	return sql.And(
		sql.Or(sql.IsNull(t.C(treepath.FieldValidFrom)), sql.LTE(t.C(treepath.FieldValidFrom), w.Last)),
		sql.Or(sql.IsNull(t.C(treepath.FieldValidTo)), sql.GT(t.C(treepath.FieldValidTo), w.First)),
	)
}
