// Package shared keeps in Redis what replicas behind one load balancer must share: the
// anonymous rate limits (GCRA buckets, github.com/go-redis/redis_rate), the failed-login
// counts, the persisted-query cache, and the public cache's generations and answers. Without
// REDIS_URL the server keeps them in process, as one replica needs. (Sessions and access tokens are checked against the database, so a
// logout through one replica ends them on every other already.)
package shared

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"vinhdanh/internal/publiccache"
)

// State is a connection to the shared Redis, with the prefix of this installation's keys.
type State struct {
	rdb    *redis.Client
	prefix string
	rate   *redis_rate.Limiter
}

// Open connects to REDIS_URL (redis://[:password@]host:port/db) and checks it answers. prefix
// separates installations (and tests) sharing one Redis.
func Open(ctx context.Context, url, prefix string) (*State, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(opts)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("connect to Redis at %s: %w", opts.Addr, err)
	}
	return &State{rdb: rdb, prefix: prefix, rate: redis_rate.NewLimiter(rdb)}, nil
}

// Close closes the connection.
func (s *State) Close() error { return s.rdb.Close() }

// Bucket is a rate limit: perSecond tokens a second, burst at most, per key.
type Bucket struct {
	s     *State
	name  string
	limit redis_rate.Limit
}

// Bucket returns the shared bucket called name.
func (s *State) Bucket(name string, perSecond float64, burst int) *Bucket {
	// redis_rate counts whole events per period: a rate below one a second is one per longer period.
	limit := redis_rate.Limit{Rate: int(math.Max(1, math.Round(perSecond))), Burst: burst, Period: time.Second}
	if perSecond < 1 {
		limit.Rate, limit.Period = 1, time.Duration(float64(time.Second)/perSecond)
	}
	return &Bucket{s: s, name: name, limit: limit}
}

// Take spends n tokens of key, or says how long until they would be available.
func (b *Bucket) Take(ctx context.Context, key string, n int) (bool, time.Duration, error) {
	if n > b.limit.Burst {
		return false, time.Duration(float64(n) / float64(b.limit.Rate) * float64(b.limit.Period)), nil
	}
	res, err := b.s.rate.AllowN(ctx, b.key(key), b.limit, n)
	if err != nil {
		return false, 0, err
	}
	return res.Allowed > 0, res.RetryAfter, nil
}

// Exhausted reports whether key has no token left, and how long until it has one.
func (b *Bucket) Exhausted(ctx context.Context, key string) (bool, time.Duration, error) {
	res, err := b.s.rate.AllowN(ctx, b.key(key), b.limit, 0)
	if err != nil {
		return false, 0, err
	}
	if res.Remaining < 1 {
		wait := res.RetryAfter
		if wait <= 0 {
			wait = time.Duration(float64(b.limit.Period) / float64(b.limit.Rate))
		}
		return true, wait, nil
	}
	return false, 0, nil
}

func (b *Bucket) key(k string) string { return b.s.prefix + b.name + ":" + k }

// Failures counts failed attempts per key in a fixed window (INCR, then EXPIRE on the first).
type Failures struct {
	s      *State
	window time.Duration
}

// Failures returns the shared failure counts kept for window.
func (s *State) Failures(window time.Duration) *Failures { return &Failures{s: s, window: window} }

// Count returns the failures of key in its window and how long the window still runs.
func (f *Failures) Count(ctx context.Context, key string) (int, time.Duration, error) {
	k := f.s.prefix + "login:" + key
	n, err := f.s.rdb.Get(ctx, k).Int()
	if errors.Is(err, redis.Nil) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	ttl, err := f.s.rdb.PTTL(ctx, k).Result()
	return n, ttl, err
}

// Add records a failure of key.
func (f *Failures) Add(ctx context.Context, key string) error {
	k := f.s.prefix + "login:" + key
	n, err := f.s.rdb.Incr(ctx, k).Result()
	if err == nil && n == 1 {
		err = f.s.rdb.PExpire(ctx, k, f.window).Err()
	}
	return err
}

// Forget clears key's failures.
func (f *Failures) Forget(ctx context.Context, key string) error {
	return f.s.rdb.Del(ctx, f.s.prefix+"login:"+key).Err()
}

// QueryCache is the persisted-query cache (gqlgen's graphql.Cache[string]) in Redis: a query
// registered through one replica is found by every other.
type QueryCache struct {
	s   *State
	ttl time.Duration
}

// QueryCache returns the shared persisted-query cache; entries live for ttl after their last use.
func (s *State) QueryCache(ttl time.Duration) *QueryCache { return &QueryCache{s: s, ttl: ttl} }

// Get implements graphql.Cache.
func (c *QueryCache) Get(ctx context.Context, key string) (string, bool) {
	v, err := c.s.rdb.GetEx(ctx, c.s.prefix+"apq:"+key, c.ttl).Result()
	return v, err == nil
}

// Add implements graphql.Cache.
func (c *QueryCache) Add(ctx context.Context, key, value string) {
	_ = c.s.rdb.Set(ctx, c.s.prefix+"apq:"+key, value, c.ttl).Err()
}

// PublicAnswers shares the public cache (internal/publiccache) between replicas: the
// record's generation is a counter, a write's new generation is announced on a channel, and
// answers are kept under their keys for the cache's time to live.
type PublicAnswers struct{ s *State }

// PublicAnswers returns the shared public cache.
func (s *State) PublicAnswers() *PublicAnswers { return &PublicAnswers{s: s} }

// The generation is one hash (an epoch and a count, so that neither is lost without the
// other): the epoch is set by whoever first finds the hash missing (a new installation, or a
// Redis restarted without its data), so replicas tell a count starting again from one apart
// from an old one. advance counts a new generation and announces it in one round trip, so a
// replica that reads the hash after a notice is lost still finds it.
var (
	advance = redis.NewScript(`redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1])
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local epoch = redis.call('HGET', KEYS[1], 'epoch')
redis.call('PUBLISH', KEYS[2], epoch .. ' ' .. n)
return {epoch, n}`)
	current = redis.NewScript(`redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1])
return {redis.call('HGET', KEYS[1], 'epoch'), tonumber(redis.call('HGET', KEYS[1], 'n') or '0')}`)
)

func (p *PublicAnswers) counter() string { return p.s.prefix + "public:generation" }
func (p *PublicAnswers) channel() string { return p.s.prefix + "public:generations" }

// run runs a generation script and reads its answer.
func (p *PublicAnswers) run(ctx context.Context, script *redis.Script) (publiccache.Generation, error) {
	var salt [12]byte
	_, _ = rand.Read(salt[:])
	v, err := script.Run(ctx, p.s.rdb, []string{p.counter(), p.channel()}, hex.EncodeToString(salt[:])).Slice()
	if err != nil {
		return publiccache.Generation{}, err
	}
	epoch, _ := v[0].(string)
	n, _ := v[1].(int64)
	return publiccache.Generation{Epoch: epoch, Number: uint64(n)}, nil
}

// Advance implements publiccache.Store.
func (p *PublicAnswers) Advance(ctx context.Context) (publiccache.Generation, error) {
	g, err := p.run(ctx, advance)
	if err != nil {
		return g, fmt.Errorf("advance the public generation: %w", err)
	}
	return g, nil
}

// watchPoll is how often Watch reads the counter besides listening: a notice sent while the
// subscription was reconnecting is lost.
const watchPoll = 2 * time.Second

// Watch implements publiccache.Store. It reads the counter once subscribed, so that no
// generation falls between the two.
func (p *PublicAnswers) Watch(ctx context.Context, seen func(publiccache.Generation)) error {
	sub := p.s.rdb.Subscribe(ctx, p.channel())
	if _, err := sub.Receive(ctx); err != nil { // the subscription's confirmation
		sub.Close()
		return err
	}
	g, err := p.run(ctx, current)
	if err != nil {
		sub.Close()
		return err
	}
	seen(g)
	go func() {
		defer sub.Close()
		notices := sub.Channel()
		poll := time.NewTicker(watchPoll)
		defer poll.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case msg, ok := <-notices:
				if !ok {
					return
				}
				epoch, number, _ := strings.Cut(msg.Payload, " ")
				if n, err := strconv.ParseUint(number, 10, 64); err == nil {
					seen(publiccache.Generation{Epoch: epoch, Number: n})
				}
			case <-poll.C:
				if g, err := p.run(ctx, current); err == nil {
					seen(g)
				}
			}
		}
	}()
	return nil
}

func (p *PublicAnswers) key(k string) string { return p.s.prefix + "public:answer:" + k }

// Load implements publiccache.Store. An unreachable Redis is a miss: the answer is computed.
func (p *PublicAnswers) Load(ctx context.Context, key string) ([]byte, bool) {
	v, err := p.s.rdb.Get(ctx, p.key(key)).Bytes()
	return v, err == nil
}

// Save implements publiccache.Store; a failure only costs another replica a computation.
func (p *PublicAnswers) Save(ctx context.Context, key string, answer []byte, ttl time.Duration) {
	_ = p.s.rdb.Set(ctx, p.key(key), answer, ttl).Err()
}
