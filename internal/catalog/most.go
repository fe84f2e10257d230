package catalog

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"

	"vinhdanh/internal/rule"
)

// most keeps, by id, the most used records of a kind too numerous to keep whole (a national
// record's decisions and ceremonies), each for at most TTL and only within the generation it
// was read in. Unlike records it never copies what it holds to add to it: a page naming a
// decision nobody asked for yet costs one statement for what it lacks, whatever is kept.
type most[T any] struct {
	load       func(context.Context, []int) ([]T, error)
	key        func(T) int
	generation atomic.Uint64
	kept       *otter.Cache[int, kept[T]]
	now        func() time.Time
}

type kept[T any] struct {
	generation uint64
	read       time.Time
	record     T
}

// mostKept bounds how many records of each such kind are kept: a decision or a ceremony
// weighs well under a kilobyte, so each kind stays under 20 MB.
const mostKept = 20_000

func newMost[T any](load func(context.Context, []int) ([]T, error), key func(T) int) *most[T] {
	return &most[T]{load: load, key: key, now: time.Now,
		kept: otter.Must(&otter.Options[int, kept[T]]{MaximumSize: mostKept})}
}

func (r *most[T]) invalidate() { r.generation.Add(1) }

// get returns the records of ids that exist, reading the ones not kept in one statement.
func (r *most[T]) get(ctx context.Context, ids []int) (map[int]T, error) {
	out := make(map[int]T, len(ids))
	// The generation and time are taken before the read: a write committed after it makes what
	// is read stale at once, even if the read saw the record as it was.
	generation, now := r.generation.Load(), r.now()
	var missing []int
	for _, id := range ids {
		if _, ok := out[id]; ok || slices.Contains(missing, id) {
			continue
		}
		if k, ok := r.kept.GetIfPresent(id); ok && k.generation == generation && now.Sub(k.read) < TTL {
			out[id] = k.record
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	// Unmarked: what is kept is the record as stored, with none of its edges filled in.
	found, err := r.load(context.WithValue(rule.SystemContext(ctx), memoryKey{}, (*Memory)(nil)), missing)
	if err != nil {
		return nil, fmt.Errorf("read %d records kept in memory: %w", len(missing), err)
	}
	for _, rec := range found {
		id := r.key(rec)
		out[id] = rec
		r.kept.Set(id, kept[T]{generation: generation, read: now, record: rec})
	}
	return out, nil
}
