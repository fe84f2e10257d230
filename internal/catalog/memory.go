package catalog

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/ent/ceremony"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/decision"
	"vinhdanh/internal/committed"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/tree"
)

// Memory keeps in memory what every page of awards names and what seldom changes: the award
// levels, the decisions and ceremonies that gave awards, the bodies that issue decisions, and
// the shape of the tree a roll or a tally is taken over (a unit's subtree, and whether anything
// under it ever moved). Each was a statement on every roll page or every person's history; a
// read the API marks (Context) takes them from here instead. All are public (their query
// policy allows everyone): no viewer may see less of them than another.
//
// It is kept exact within the process: each committed write of a level (of a decision, a
// ceremony, a collective; of a tree path, for the tree) starts a new generation, and nothing
// read before it is used after it. Another replica's writes are seen within TTL.
type Memory struct {
	levels    *records[int, *ent.AwardLevel]
	issuers   *records[int, *ent.Collective]
	subtrees  *records[subtreeKey, subtree]
	movements *records[int, movement]
	// Decisions and ceremonies are too many to keep all of (a national record holds about
	// 90,000 and 35,000): the most used are kept.
	decisions  *most[*ent.Decision]
	ceremonies *most[*ent.Ceremony]
}

// TTL bounds how long what is kept here may miss another replica's change.
const TTL = 5 * time.Second

// Remember returns the memory of c's catalogue and issuers, and installs on c what keeps it
// exact and what reads from it: hooks on level and collective writes, interceptors on award,
// nomination and decision queries. Other clients over the same database that may write
// either are Watched.
func Remember(c *ent.Client) *Memory {
	m := &Memory{
		levels: newRecords(func(ctx context.Context, ids []int) ([]*ent.AwardLevel, error) {
			return c.AwardLevel.Query().Where(awardlevel.IDIn(ids...)).All(ctx)
		}, func(l *ent.AwardLevel) int { return l.ID }),
		issuers: newRecords(func(ctx context.Context, ids []int) ([]*ent.Collective, error) {
			return c.Collective.Query().Where(collective.IDIn(ids...)).All(ctx)
		}, func(c *ent.Collective) int { return c.ID }),
		subtrees: newRecords(oneByOne(func(ctx context.Context, k subtreeKey) (subtree, error) {
			units, many, err := tree.SubtreeUpTo(ctx, c, k.root, k.window, k.max)
			return subtree{key: k, units: units, many: many}, err
		}), func(s subtree) subtreeKey { return s.key }).weighing(func(s subtree) int { return 1 + len(s.units) }),
		movements: newRecords(oneByOne(func(ctx context.Context, root int) (movement, error) {
			moved, err := tree.Reorganised(ctx, c, root)
			return movement{root: root, moved: moved}, err
		}), func(m movement) int { return m.root }),
		decisions: newMost(func(ctx context.Context, ids []int) ([]*ent.Decision, error) {
			return c.Decision.Query().Where(decision.IDIn(ids...)).All(ctx)
		}, func(d *ent.Decision) int { return d.ID }),
		ceremonies: newMost(func(ctx context.Context, ids []int) ([]*ent.Ceremony, error) {
			return c.Ceremony.Query().Where(ceremony.IDIn(ids...)).All(ctx)
		}, func(c *ent.Ceremony) int { return c.ID }),
	}
	m.Watch(c)
	c.Award.Intercept(ent.InterceptFunc(m.fill))
	c.Nomination.Intercept(ent.InterceptFunc(m.fill))
	c.Decision.Intercept(ent.InterceptFunc(m.fill))
	return m
}

// Watch makes level, collective and tree path writes through c start a new generation too.
func (m *Memory) Watch(c *ent.Client) {
	c.AwardLevel.Use(committed.Hook(m.levels.invalidate))
	c.Collective.Use(committed.Hook(m.issuers.invalidate))
	c.Decision.Use(committed.Hook(m.decisions.invalidate))
	c.Ceremony.Use(committed.Hook(m.ceremonies.invalidate))
	c.TreePath.Use(committed.Hook(func() {
		m.subtrees.invalidate()
		m.movements.invalidate()
	}))
}

// subtreeKey names one answer of tree.SubtreeUpTo.
type subtreeKey struct {
	root   int
	window tree.Window
	max    int
}

type subtree struct {
	key   subtreeKey
	units []int
	many  bool
}

// movement is tree.Reorganised's answer for a root.
type movement struct {
	root  int
	moved bool
}

// SubtreeUpTo is tree.SubtreeUpTo, from memory for a marked read.
func SubtreeUpTo(ctx context.Context, c *ent.Client, root int, w tree.Window, max int) ([]int, bool, error) {
	m := from(ctx)
	if m == nil {
		return tree.SubtreeUpTo(ctx, c, root, w, max)
	}
	// The window's days alone: a time.Time also holds a location, which == would compare.
	k := subtreeKey{root: root, window: tree.Window{First: w.First.UTC(), Last: w.Last.UTC()}, max: max}
	kept, err := m.subtrees.get(ctx, []subtreeKey{k})
	if err != nil {
		return nil, false, err
	}
	s := kept[k]
	return slices.Clone(s.units), s.many, nil
}

// Reorganised is tree.Reorganised, from memory for a marked read.
func Reorganised(ctx context.Context, c *ent.Client, root int) (bool, error) {
	m := from(ctx)
	if m == nil {
		return tree.Reorganised(ctx, c, root)
	}
	kept, err := m.movements.get(ctx, []int{root})
	if err != nil {
		return false, err
	}
	return kept[root].moved, nil
}

type memoryKey struct{}

// Context marks ctx's reads as ones whose levels, decisions, ceremonies and issuers come from
// m. The API marks query operations only: a mutation's transaction reads its own.
func (m *Memory) Context(ctx context.Context) context.Context {
	if m == nil {
		return ctx
	}
	return context.WithValue(ctx, memoryKey{}, m)
}

// Marked reports whether ctx's reads take what memory keeps from it: a selection may then
// ask for a record's level, decision, ceremony or issuer id instead of the record.
func Marked(ctx context.Context) bool { return from(ctx) != nil }

// from is the memory that marked ctx, or nil.
func from(ctx context.Context) *Memory {
	m, _ := ctx.Value(memoryKey{}).(*Memory)
	return m
}

// fill gives the awards, nominations and decisions a marked read returns their level or
// issuer, where it was not loaded with them.
func (m *Memory) fill(next ent.Querier) ent.Querier {
	return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
		v, err := next.Query(ctx, q)
		if err != nil || from(ctx) != m {
			return v, err
		}
		switch rs := v.(type) {
		case []*ent.Award:
			err = fillEdge(ctx, m.levels, rs, func(a *ent.Award) (int, **ent.AwardLevel) { return a.LevelID, &a.Edges.Level })
			if aq, ok := q.(*ent.AwardQuery); ok && err == nil {
				err = m.fillAwards(ctx, aq, rs)
			}
		case []*ent.Nomination:
			err = fillEdge(ctx, m.levels, rs, func(n *ent.Nomination) (int, **ent.AwardLevel) { return n.LevelID, &n.Edges.Level })
		case []*ent.Decision:
			err = fillEdge(ctx, m.issuers, rs, func(d *ent.Decision) (int, **ent.Collective) { return d.IssuerID, &d.Edges.Issuer })
		}
		if err != nil {
			return nil, err
		}
		return v, nil
	})
}

// fillAwards gives a marked read's awards their decision (with its issuer) and ceremony from
// memory, where the query read the column that names them and did not load them. An award
// whose column is null has none: the edge is set to none, as eager loading sets it, so that no
// resolver reads it again. Kept records are shared by every read: a decision is copied to be
// given its issuer.
func (m *Memory) fillAwards(ctx context.Context, q *ent.AwardQuery, rs []*ent.Award) error {
	if q.Reads(award.FieldDecisionID) {
		todo, ids := unloaded(rs, func(a *ent.Award) (*int, error) { _, err := a.Edges.DecisionOrErr(); return a.DecisionID, err })
		decisions, err := m.decisions.get(ctx, ids)
		if err != nil {
			return err
		}
		given := make(map[int]*ent.Decision, len(decisions))
		if len(decisions) > 0 {
			issuerIDs := make([]int, 0, len(decisions))
			for _, d := range decisions {
				issuerIDs = append(issuerIDs, d.IssuerID)
			}
			issuers, err := m.issuers.get(ctx, issuerIDs)
			if err != nil {
				return err
			}
			for id, d := range decisions {
				cp := *d
				cp.Edges.Issuer = issuers[d.IssuerID]
				given[id] = &cp
			}
		}
		for _, a := range todo {
			if a.DecisionID == nil {
				a.Edges.SetDecision(nil)
			} else if d := given[*a.DecisionID]; d != nil {
				a.Edges.SetDecision(d)
			}
		}
	}
	if q.Reads(award.FieldCeremonyID) {
		todo, ids := unloaded(rs, func(a *ent.Award) (*int, error) { _, err := a.Edges.CeremonyOrErr(); return a.CeremonyID, err })
		ceremonies, err := m.ceremonies.get(ctx, ids)
		if err != nil {
			return err
		}
		for _, a := range todo {
			if a.CeremonyID == nil {
				a.Edges.SetCeremony(nil)
			} else if c := ceremonies[*a.CeremonyID]; c != nil {
				a.Edges.SetCeremony(c)
			}
		}
	}
	return nil
}

// unloaded returns the awards whose edge (its id, and its state as eager loading left it) is
// not loaded, with the ids that name a record.
func unloaded(rs []*ent.Award, edge func(*ent.Award) (*int, error)) (todo []*ent.Award, ids []int) {
	for _, a := range rs {
		if id, err := edge(a); ent.IsNotLoaded(err) {
			todo = append(todo, a)
			if id != nil {
				ids = append(ids, *id)
			}
		}
	}
	return todo, ids
}

// fillEdge sets each record's edge that is not loaded to the record its id names, reading the
// ones memory does not hold yet in one statement. An id that names nothing (a foreign key the
// read did not select) leaves the edge unloaded, for the API to read as it would without
// memory.
func fillEdge[R any, T comparable](ctx context.Context, kept *records[int, T], rs []R, edge func(R) (int, *T)) error {
	var zero T
	ids := make([]int, 0, len(rs))
	for _, r := range rs {
		if id, e := edge(r); *e == zero && id != 0 {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	byID, err := kept.get(ctx, ids)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if id, e := edge(r); *e == zero {
			*e = byID[id]
		}
	}
	return nil
}

// oneByOne loads records a statement a key: the tree's answers are asked for one root at a
// time, so there is no batch to gain.
func oneByOne[K comparable, T any](load func(context.Context, K) (T, error)) func(context.Context, []K) ([]T, error) {
	return func(ctx context.Context, keys []K) ([]T, error) {
		out := make([]T, len(keys))
		for i, k := range keys {
			var err error
			if out[i], err = load(ctx, k); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
}

// records are the records of one kind kept by key (an id, for a table's rows), filled as
// they are asked for.
type records[K comparable, T any] struct {
	load       func(context.Context, []K) ([]T, error)
	key        func(T) K
	weight     func(T) int // what a record counts against maxKept
	generation atomic.Uint64
	current    atomic.Pointer[snapshot[K, T]]
	mu         sync.Mutex // one read at a time; the others wait for it and use what it read
	now        func() time.Time
	ttl        time.Duration
}

// snapshot is never changed once stored: a read that adds records stores a new one.
type snapshot[K comparable, T any] struct {
	generation uint64
	read       time.Time
	byKey      map[K]T
	weight     int
}

// maxKept bounds a snapshot's weight (a record counts one; a subtree, one per unit in it):
// callers choose the keys (a subtree is kept per unit and period), and past this bound a read
// starts a snapshot afresh rather than let memory grow without end.
var maxKept = 200_000

func newRecords[K comparable, T any](load func(context.Context, []K) ([]T, error), key func(T) K) *records[K, T] {
	return &records[K, T]{load: load, key: key, weight: func(T) int { return 1 }, now: time.Now, ttl: TTL}
}

func (r *records[K, T]) weighing(weight func(T) int) *records[K, T] {
	r.weight = weight
	return r
}

func (r *records[K, T]) invalidate() { r.generation.Add(1) }

// get returns the kept records, with every one of keys that exists among them.
func (r *records[K, T]) get(ctx context.Context, keys []K) (map[K]T, error) {
	if s := r.fresh(); s != nil && holds(s.byKey, keys) {
		return s.byKey, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.fresh()
	if s != nil && holds(s.byKey, keys) {
		return s.byKey, nil
	}
	// The generation and time are taken before the read: a write committed after it makes what
	// is read stale at once, even if the read saw the record as it was.
	start := r.now()
	next := &snapshot[K, T]{generation: r.generation.Load(), read: start, byKey: map[K]T{}}
	if s != nil && s.generation == next.generation {
		next.read, next.byKey, next.weight = s.read, maps.Clone(s.byKey), s.weight
	}
	var missing []K
	for _, k := range keys {
		if _, ok := next.byKey[k]; !ok {
			missing = append(missing, k)
		}
	}
	found, err := r.load(rule.SystemContext(ctx), missing)
	if err != nil {
		return nil, fmt.Errorf("read %d records kept in memory: %w", len(missing), err)
	}
	added := 0
	for _, rec := range found {
		added += r.weight(rec)
	}
	if next.weight+added > maxKept {
		next.read, next.byKey, next.weight = start, make(map[K]T, len(found)), 0
	}
	for _, rec := range found {
		next.byKey[r.key(rec)] = rec
	}
	next.weight += added
	r.current.Store(next)
	return next.byKey, nil
}

func (r *records[K, T]) fresh() *snapshot[K, T] {
	s := r.current.Load()
	if s == nil || s.generation != r.generation.Load() || r.now().Sub(s.read) >= r.ttl {
		return nil
	}
	return s
}

func holds[K comparable, T any](byKey map[K]T, keys []K) bool {
	for _, k := range keys {
		if _, ok := byKey[k]; !ok {
			return false
		}
	}
	return true
}
