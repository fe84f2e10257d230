// Package publiccache keeps the answers of anonymous reads (the honor roll, the verification
// page) for a short while, so a popular school's roll costs the database nothing between
// changes to the record.
//
// Invalidation is by generation: every committed write of a record an anonymous caller can
// see starts a new generation (Hook), and a key names the generation it was computed in, so an
// answer computed before a write is never served after it. The key is taken before the read:
// a read racing a write is stored under the old generation and never served again. Writes only
// staff can see (nominations, their events, accounts, the audit) leave the cache alone. The
// time to live bounds what another replica's writes can leave stale.
//
// Replicas share answers and generations through a Store (Redis, internal/shared): a write
// on one replica starts a new generation on all of them (at once on the writer, as soon as the
// others hear of it), and an answer computed by one is served by the others.
package publiccache

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
	"golang.org/x/sync/singleflight"

	"vinhdanh/ent"
	"vinhdanh/ent/hook"
	"vinhdanh/internal/committed"
)

// Defaults: a minute, like the Cache-Control of anonymous answers, and 32 MiB of answers.
const (
	DefaultTTL      = time.Minute
	DefaultMaxBytes = 32 << 20
)

// Cache holds answers by key.
type Cache struct {
	entries    *otter.Cache[string, []byte]
	ttl        time.Duration
	generation atomic.Pointer[generation]
	flight     singleflight.Group
	store      Store
	log        *slog.Logger
}

// generation is the record's version the keys are taken in: the generation every replica
// shares, and the writes this replica could not tell the others of (the store did not answer).
// One pointer, so a key never mixes two.
type generation struct {
	shared   Generation
	unshared uint64
}

// Generation is a shared generation: a number that grows with every write, within an epoch
// that changes when the store loses its count (a Redis restarted without its data), so that a
// count starting again from one is not taken for an old generation.
type Generation struct {
	Epoch  string
	Number uint64
}

// after reports whether g is newer than h: a later number of the same epoch, or another epoch.
func (g Generation) after(h Generation) bool { return g.Epoch != h.Epoch || g.Number > h.Number }

// Store is where replicas share generations and answers.
type Store interface {
	// Advance starts a new generation for every replica and returns it.
	Advance(ctx context.Context) (Generation, error)
	// Watch calls seen with the current generation before it returns, then, until ctx ends,
	// with generations as they start (and now and then with the current one, in case a
	// notice was missed).
	Watch(ctx context.Context, seen func(Generation)) error
	// Load returns the answer stored under key, if any.
	Load(ctx context.Context, key string) ([]byte, bool)
	// Save stores answer under key for ttl.
	Save(ctx context.Context, key string, answer []byte, ttl time.Duration)
}

// storeTimeout bounds a write's wait for the store: past it the write's new generation is
// this replica's alone (the others catch up within the time to live).
const storeTimeout = 500 * time.Millisecond

// New returns a cache of at most maxBytes of answers, each kept at most ttl.
func New(maxBytes int, ttl time.Duration) *Cache {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	c := &Cache{ttl: ttl, entries: otter.Must(&otter.Options[string, []byte]{
		MaximumWeight:    uint64(maxBytes),
		Weigher:          func(k string, v []byte) uint32 { return uint32(min(len(k)+len(v), 1<<31)) },
		ExpiryCalculator: otter.ExpiryWriting[string, []byte](ttl),
	})}
	c.generation.Store(&generation{})
	return c
}

// Share makes the cache one of the replicas sharing store, until ctx ends: it takes the
// current generation before it answers anything (an answer kept under an older one must not
// be served), then follows the generations the others start. Call it before serving.
func (c *Cache) Share(ctx context.Context, store Store, log *slog.Logger) error {
	if err := store.Watch(ctx, c.catchUp); err != nil {
		return fmt.Errorf("public cache: follow the shared generation: %w", err)
	}
	c.store, c.log = store, log
	return nil
}

// catchUp moves to generation n when it is newer than the shared one. A write that could not
// be shared is forgotten then, since n was started after it committed.
func (c *Cache) catchUp(n Generation) {
	for {
		g := c.generation.Load()
		if !n.after(g.shared) || c.generation.CompareAndSwap(g, &generation{shared: n}) {
			return
		}
	}
}

// Key names an answer by what determines it (query, operation, variables, path) in the
// current generation.
func (c *Cache) Key(parts ...string) string {
	h := sha256.New()
	g := c.generation.Load()
	var gen [16]byte
	binary.BigEndian.PutUint64(gen[:8], g.shared.Number)
	binary.BigEndian.PutUint64(gen[8:], g.unshared)
	h.Write(gen[:])
	part := func(p string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:]) // lengths first: ("ab", "c") and ("a", "bc") are different keys
		h.Write([]byte(p))
	}
	part(g.shared.Epoch)
	for _, p := range parts {
		part(p)
	}
	if g.unshared > 0 {
		return unsharedPrefix + hex.EncodeToString(h.Sum(nil))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// unsharedPrefix marks the keys taken after a write the other replicas were not told of.
const unsharedPrefix = "unshared:"

func isUnshared(key string) bool { return strings.HasPrefix(key, unsharedPrefix) }

// Get returns the answer stored under key (here, or by another replica), or computes it once
// however many callers ask at the same time, storing it when store says it may be reused. It
// returns nil when the answer may not be reused: callers that shared that computation compute
// their own.
func (c *Cache) Get(ctx context.Context, key string, compute func() (answer []byte, store bool)) []byte {
	if v, ok := c.entries.GetIfPresent(key); ok {
		return v
	}
	type result struct {
		answer []byte
		store  bool
	}
	// Keys of writes this replica could not share are its own: another replica may have
	// stored an older answer under the same shared generation.
	shared := c.store != nil && !isUnshared(key)
	v, _, _ := c.flight.Do(key, func() (any, error) {
		if shared {
			if answer, ok := c.load(ctx, key); ok {
				c.entries.Set(key, answer)
				return result{answer, true}, nil
			}
		}
		answer, store := compute()
		if store {
			c.entries.Set(key, answer)
			if shared {
				ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), answerTimeout)
				c.store.Save(ctx, key, answer, c.ttl)
				cancel()
			}
		}
		return result{answer, store}, nil
	})
	if r := v.(result); r.store {
		return r.answer
	}
	return nil
}

// answerTimeout bounds a read or a write of a shared answer: sharing saves a computation, so a
// slow store costs one, never a wait longer than the computation would take.
const answerTimeout = 100 * time.Millisecond

func (c *Cache) load(ctx context.Context, key string) ([]byte, bool) {
	ctx, cancel := context.WithTimeout(ctx, answerTimeout)
	defer cancel()
	return c.store.Load(ctx, key)
}

// Invalidate starts a new generation: no answer computed before is served again, here at
// once and, sharing a store, on the other replicas as soon as they hear of it.
func (c *Cache) Invalidate() {
	if c.store != nil {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		n, err := c.store.Advance(ctx)
		cancel()
		if err == nil {
			c.catchUp(n)
			return
		}
		c.log.Warn("public cache: could not tell the other replicas of a write; they may serve older answers for up to the time to live", "err", err)
	}
	for {
		g := c.generation.Load()
		if c.generation.CompareAndSwap(g, &generation{shared: g.shared, unshared: g.unshared + 1}) {
			return
		}
	}
}

// private are the types an anonymous caller never sees: writing them changes no public
// answer.
var private = map[string]bool{
	ent.TypeNomination: true, ent.TypeNominationEvent: true, ent.TypeAuditEvent: true, ent.TypeUser: true,
	ent.TypeRefreshToken: true,
}

// Hook invalidates the cache once a write of a public record is committed (at once outside
// a transaction).
func (c *Cache) Hook() ent.Hook {
	return hook.If(committed.Hook(c.Invalidate), func(_ context.Context, m ent.Mutation) bool { return !private[m.Type()] })
}
