package publiccache_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"vinhdanh/ent"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/publiccache"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/shared"
	"vinhdanh/internal/store"
)

func TestKey(t *testing.T) {
	c := publiccache.New(0, 0)
	for _, tc := range []struct {
		name string
		a, b []string
	}{
		{"parts are not run together", []string{"ab", "c"}, []string{"a", "bc"}},
		{"variables differ", []string{"q", `{"c":"1"}`}, []string{"q", `{"c":"2"}`}},
		{"a part more", []string{"q"}, []string{"q", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if c.Key(tc.a...) == c.Key(tc.b...) {
				t.Errorf("%q and %q share a key", tc.a, tc.b)
			}
		})
	}
	k := c.Key("q")
	if c.Key("q") != k {
		t.Error("the same parts gave two keys")
	}
	c.Invalidate()
	if c.Key("q") == k {
		t.Error("a new generation kept the key")
	}
}

func TestGet(t *testing.T) {
	t.Run("computed once for callers at the same time", func(t *testing.T) {
		c := publiccache.New(0, 0)
		var computed atomic.Int32
		release := make(chan struct{})
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got := c.Get(context.Background(), "k", func() ([]byte, bool) {
					computed.Add(1)
					<-release
					return []byte("answer"), true
				})
				if string(got) != "answer" {
					t.Errorf("got %q", got)
				}
			}()
		}
		time.Sleep(50 * time.Millisecond) // let the callers gather on the computation
		close(release)
		wg.Wait()
		if n := computed.Load(); n != 1 {
			t.Errorf("computed %d times, want 1", n)
		}
		if got := c.Get(context.Background(), "k", func() ([]byte, bool) { t.Error("computed again"); return nil, false }); string(got) != "answer" {
			t.Errorf("stored answer %q", got)
		}
	})
	t.Run("an answer that may not be kept is not", func(t *testing.T) {
		c := publiccache.New(0, 0)
		if got := c.Get(context.Background(), "k", func() ([]byte, bool) { return []byte("error"), false }); got != nil {
			t.Errorf("got %q, want nil", got)
		}
		if got := c.Get(context.Background(), "k", func() ([]byte, bool) { return []byte("fresh"), true }); string(got) != "fresh" {
			t.Errorf("got %q after a refused answer", got)
		}
	})
	t.Run("expires", func(t *testing.T) {
		c := publiccache.New(0, 20*time.Millisecond)
		c.Get(context.Background(), "k", func() ([]byte, bool) { return []byte("old"), true })
		time.Sleep(1100 * time.Millisecond) // the cache's clock ticks in seconds
		if got := c.Get(context.Background(), "k", func() ([]byte, bool) { return []byte("new"), true }); string(got) != "new" {
			t.Errorf("got %q after the time to live", got)
		}
	})
}

// TestHook: a committed write of a public record starts a new generation; a rolled back one
// and a write only staff can see do not.
func TestHook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := rule.SystemContext(context.Background())
		db := dbtest.Open(t, target)
		c := publiccache.New(0, 0)
		db.Client.Use(c.Hook())
		unit := func(cl *ent.Client, name string) error {
			return cl.Collective.Create().SetName(name).SetKind(enum.KindGrassrootsUnion).SetTier(enum.TierGrassroots).Exec(ctx)
		}
		changed := func(name string, write func() error) bool {
			t.Helper()
			k := c.Key("q")
			if err := write(); err != nil && !errors.Is(err, errRollback) {
				t.Fatalf("%s: %v", name, err)
			}
			return c.Key("q") != k
		}
		if !changed("a unit outside a transaction", func() error { return unit(db.Client, "Công đoàn Trường Tiểu học Tô Hoàng") }) {
			t.Error("a committed write kept the generation")
		}
		tx, err := db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		k := c.Key("q")
		if err := unit(tx.Client(), "Công đoàn Trường Tiểu học Tam Hiệp"); err != nil {
			t.Fatal(err)
		}
		if c.Key("q") != k {
			t.Error("a write inside a transaction changed the generation before the commit")
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if c.Key("q") == k {
			t.Error("a committed transaction kept the generation")
		}
		if changed("a rolled back transaction", func() error {
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				return err
			}
			if err := unit(tx.Client(), "Công đoàn Trường THCS Ngô Sĩ Liên"); err != nil {
				return err
			}
			_ = tx.Rollback()
			return errRollback
		}) {
			t.Error("a rolled back write changed the generation")
		}
		if changed("an account", func() error {
			_, err := auth.CreateUser(ctx, db.Client, ent.CreateUserInput{Email: "staff@example.vn", DisplayName: "Cán bộ", Role: "STAFF"}, "a long enough password")
			return err
		}) {
			t.Error("a write of an account, which no anonymous answer shows, changed the generation")
		}
	})
}

var errRollback = errors.New("rolled back")

// TestShare: replicas sharing a Redis serve each other's answers, and a write on one starts a
// new generation on all of them — at once on the writer, soon on the others; a replica that
// starts later takes the current generation; a write the others cannot be told of still
// starts a new generation on the writer, whose later keys are its own.
func TestShare(t *testing.T) {
	url, prefix := dbtest.Redis(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	replica := func() *publiccache.Cache { c, _ := replicaWith(t, ctx, url, prefix); return c }
	a, b := replica(), replica()
	never := func() ([]byte, bool) { t.Error("computed again"); return nil, false }

	if a.Key("roll") != b.Key("roll") {
		t.Fatal("two replicas in one generation name an answer differently")
	}
	a.Get(ctx, a.Key("roll"), func() ([]byte, bool) { return []byte("the roll"), true })
	if got := b.Get(ctx, b.Key("roll"), never); string(got) != "the roll" {
		t.Errorf("B served %q, want A's answer", got)
	}

	before := b.Key("roll")
	a.Invalidate()
	if a.Key("roll") == before {
		t.Error("the writer kept its generation")
	}
	if !follows(b, a) {
		t.Fatal("B did not follow A's write within 3 s")
	}
	if got := b.Get(ctx, b.Key("roll"), func() ([]byte, bool) { return []byte("the new roll"), true }); string(got) != "the new roll" {
		t.Errorf("B served %q after A's write", got)
	}

	if c := replica(); c.Key("roll") != a.Key("roll") {
		t.Error("a replica started after a write did not take the current generation")
	}

	// Redis restarts without its data: the count starts again from one, in a new epoch, and a
	// write is still a new generation for the writer and for the others.
	rdb := redis.NewClient(must(redis.ParseURL(url)))
	defer rdb.Close()
	if err := rdb.Del(ctx, prefix+"public:generation").Err(); err != nil {
		t.Fatal(err)
	}
	before = a.Key("roll")
	a.Invalidate()
	if a.Key("roll") == before {
		t.Error("a write after Redis lost its count kept the writer's generation")
	}
	if !follows(b, a) {
		t.Error("B did not follow a write made after Redis lost its count")
	}

	// Redis does not answer A's write nor, at the same time, B's: each write starts a new
	// generation on its writer, whose answers are its own until the shared generation moves on.
	a, fa := replicaWith(t, ctx, url, prefix)
	b, fb := replicaWith(t, ctx, url, prefix)
	fa.failing.Store(true)
	fb.failing.Store(true)
	kept := a.Key("roll")
	a.Invalidate()
	b.Invalidate()
	if k := a.Key("roll"); k == kept {
		t.Error("a write A could not share kept A's generation")
	}
	if got := a.Get(ctx, a.Key("roll"), func() ([]byte, bool) { return []byte("A's own"), true }); string(got) != "A's own" {
		t.Errorf("A served %q after its unshared write", got)
	}
	if got := b.Get(ctx, b.Key("roll"), func() ([]byte, bool) { return []byte("B's own"), true }); string(got) != "B's own" {
		t.Errorf("B served %q after its unshared write: A's answer reached it", got)
	}
	fa.failing.Store(false)
	a.Invalidate()
	if strings.HasPrefix(a.Key("roll"), "unshared:") {
		t.Error("A's shared write did not take it back to the shared generation")
	}
	if !follows(b, a) {
		t.Error("B did not join the shared generation A's write started")
	}
}

// follows reports whether b comes to name answers as a does within 3 s: it has heard of a's
// last write.
func follows(b, a *publiccache.Cache) bool {
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if b.Key("roll") == a.Key("roll") {
			return true
		}
	}
	return false
}

// failing is the shared Redis with writes that do not reach it while failing is set, as when
// Redis is restarting, and reads that never answer while hanging is set, as when it is cut off.
type failing struct {
	*shared.PublicAnswers
	failing, hanging atomic.Bool
}

func (f *failing) Load(ctx context.Context, key string) ([]byte, bool) {
	if f.hanging.Load() {
		<-ctx.Done()
		return nil, false
	}
	return f.PublicAnswers.Load(ctx, key)
}

func (f *failing) Advance(ctx context.Context) (publiccache.Generation, error) {
	if f.failing.Load() {
		return publiccache.Generation{}, errors.New("redis: connection refused")
	}
	return f.PublicAnswers.Advance(ctx)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func replicaWith(t *testing.T, ctx context.Context, url, prefix string) (*publiccache.Cache, *failing) {
	state, err := shared.Open(ctx, url, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { state.Close() })
	f := &failing{PublicAnswers: state.PublicAnswers()}
	c := publiccache.New(0, time.Minute)
	if err := c.Share(ctx, f, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return c, f
}

// TestShareSlowStore: a store that does not answer costs a computation, not a wait.
func TestShareSlowStore(t *testing.T) {
	url, prefix := dbtest.Redis(t)
	ctx := context.Background()
	c, f := replicaWith(t, ctx, url, prefix)
	f.hanging.Store(true)
	done := make(chan []byte)
	go func() { done <- c.Get(ctx, c.Key("roll"), func() ([]byte, bool) { return []byte("computed"), true }) }()
	select {
	case got := <-done:
		if string(got) != "computed" {
			t.Errorf("got %q", got)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("an answer waited on a store that does not answer")
	}
}
