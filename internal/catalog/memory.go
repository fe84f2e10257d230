package catalog

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/ent/collective"
	"vinhdanh/internal/committed"
	"vinhdanh/internal/rule"
)

// Memory keeps in memory what every page of awards names and what seldom changes: the award
// levels, and the bodies that issue decisions. Each was a statement on every roll page and
// every person's history; a read the API marks (Context) takes them from here instead. Both
// are public records: no viewer may see less of them than another.
//
// It is kept exact within the process: each committed write of a level (of a collective, for
// the issuers) starts a new generation, and nothing read before it is used after it. Another
// replica's writes are seen within TTL.
type Memory struct {
	levels  *records[*ent.AwardLevel]
	issuers *records[*ent.Collective]
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
	}
	m.Watch(c)
	c.Award.Intercept(ent.InterceptFunc(m.fill))
	c.Nomination.Intercept(ent.InterceptFunc(m.fill))
	c.Decision.Intercept(ent.InterceptFunc(m.fill))
	return m
}

// Watch makes level and collective writes through c start a new generation too.
func (m *Memory) Watch(c *ent.Client) {
	c.AwardLevel.Use(committed.Hook(m.levels.invalidate))
	c.Collective.Use(committed.Hook(m.issuers.invalidate))
}

type memoryKey struct{}

// Context marks ctx's reads as ones whose levels and issuers come from m. The API marks query
// operations only: a mutation's transaction reads its own.
func (m *Memory) Context(ctx context.Context) context.Context {
	if m == nil {
		return ctx
	}
	return context.WithValue(ctx, memoryKey{}, m)
}

// Marked reports whether ctx's reads take levels and issuers from memory: a selection may then
// ask for a record's level or issuer id instead of the record.
func Marked(ctx context.Context) bool {
	m, _ := ctx.Value(memoryKey{}).(*Memory)
	return m != nil
}

// fill gives the awards, nominations and decisions a marked read returns their level or
// issuer, where it was not loaded with them.
func (m *Memory) fill(next ent.Querier) ent.Querier {
	return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
		v, err := next.Query(ctx, q)
		if err != nil || ctx.Value(memoryKey{}) != m {
			return v, err
		}
		switch rs := v.(type) {
		case []*ent.Award:
			err = fillEdge(ctx, m.levels, rs, func(a *ent.Award) (int, **ent.AwardLevel) { return a.LevelID, &a.Edges.Level })
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

// fillEdge sets each record's edge that is not loaded to the record its id names, reading the
// ones memory does not hold yet in one statement. An id that names nothing (a foreign key the
// read did not select) leaves the edge unloaded, for the API to read as it would without
// memory.
func fillEdge[R any, T comparable](ctx context.Context, kept *records[T], rs []R, edge func(R) (int, *T)) error {
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

// records are the records of one kind kept by id, filled as they are asked for.
type records[T any] struct {
	load       func(context.Context, []int) ([]T, error)
	id         func(T) int
	generation atomic.Uint64
	current    atomic.Pointer[snapshot[T]]
	mu         sync.Mutex // one read at a time; the others wait for it and use what it read
	now        func() time.Time
	ttl        time.Duration
}

// snapshot is never changed once stored: a read that adds records stores a new one.
type snapshot[T any] struct {
	generation uint64
	read       time.Time
	byID       map[int]T
}

func newRecords[T any](load func(context.Context, []int) ([]T, error), id func(T) int) *records[T] {
	return &records[T]{load: load, id: id, now: time.Now, ttl: TTL}
}

func (r *records[T]) invalidate() { r.generation.Add(1) }

// get returns the kept records, with every one of ids that exists among them.
func (r *records[T]) get(ctx context.Context, ids []int) (map[int]T, error) {
	if s := r.fresh(); s != nil && holds(s.byID, ids) {
		return s.byID, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.fresh()
	if s != nil && holds(s.byID, ids) {
		return s.byID, nil
	}
	// The generation and time are taken before the read: a write committed after it makes what
	// is read stale at once, even if the read saw the record as it was.
	next := &snapshot[T]{generation: r.generation.Load(), read: r.now(), byID: map[int]T{}}
	if s != nil && s.generation == next.generation {
		next.read, next.byID = s.read, maps.Clone(s.byID)
	}
	var missing []int
	for _, id := range ids {
		if _, ok := next.byID[id]; !ok {
			missing = append(missing, id)
		}
	}
	found, err := r.load(rule.SystemContext(ctx), missing)
	if err != nil {
		return nil, fmt.Errorf("read %d records kept in memory: %w", len(missing), err)
	}
	for _, rec := range found {
		next.byID[r.id(rec)] = rec
	}
	r.current.Store(next)
	return next.byID, nil
}

func (r *records[T]) fresh() *snapshot[T] {
	s := r.current.Load()
	if s == nil || s.generation != r.generation.Load() || r.now().Sub(s.read) >= r.ttl {
		return nil
	}
	return s
}

func holds[T any](byID map[int]T, ids []int) bool {
	for _, id := range ids {
		if _, ok := byID[id]; !ok {
			return false
		}
	}
	return true
}
