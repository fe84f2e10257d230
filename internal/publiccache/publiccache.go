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
package publiccache

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
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
	generation atomic.Uint64
	flight     singleflight.Group
}

// New returns a cache of at most maxBytes of answers, each kept at most ttl.
func New(maxBytes int, ttl time.Duration) *Cache {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return &Cache{entries: otter.Must(&otter.Options[string, []byte]{
		MaximumWeight:    uint64(maxBytes),
		Weigher:          func(k string, v []byte) uint32 { return uint32(min(len(k)+len(v), 1<<31)) },
		ExpiryCalculator: otter.ExpiryWriting[string, []byte](ttl),
	})}
}

// Key names an answer by what determines it (query, operation, variables, path) in the
// current generation.
func (c *Cache) Key(parts ...string) string {
	h := sha256.New()
	var gen [8]byte
	binary.BigEndian.PutUint64(gen[:], c.generation.Load())
	h.Write(gen[:])
	for _, p := range parts {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:]) // lengths first: ("ab", "c") and ("a", "bc") are different keys
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Get returns the answer stored under key, or computes it once however many callers ask at
// the same time, storing it when store says it may be reused. It returns nil when the answer
// may not be reused: callers that shared that computation compute their own.
func (c *Cache) Get(key string, compute func() (answer []byte, store bool)) []byte {
	if v, ok := c.entries.GetIfPresent(key); ok {
		return v
	}
	type result struct {
		answer []byte
		store  bool
	}
	v, _, _ := c.flight.Do(key, func() (any, error) {
		answer, store := compute()
		if store {
			c.entries.Set(key, answer)
		}
		return result{answer, store}, nil
	})
	if r := v.(result); r.store {
		return r.answer
	}
	return nil
}

// Invalidate starts a new generation: no answer computed before is served again.
func (c *Cache) Invalidate() { c.generation.Add(1) }

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
