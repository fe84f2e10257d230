package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/redis/go-redis/v9"
)

// Redis returns the machine's Redis (TEST_REDIS_URL, else redis://127.0.0.1:6379/0) and a
// key prefix of the test's own; the test's keys are deleted when it ends. Without a Redis the
// test is skipped, or failed with REQUIRE_REDIS=1 (CI).
func Redis(t testing.TB) (url, prefix string) {
	t.Helper()
	url = os.Getenv("TEST_REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379/0"
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("TEST_REDIS_URL: %v", err)
	}
	c := redis.NewClient(opts)
	ctx := context.Background()
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		if os.Getenv("REQUIRE_REDIS") == "1" {
			t.Fatalf("Redis at %s: %v", opts.Addr, err)
		}
		t.Skipf("no Redis at %s: %v", opts.Addr, err)
	}
	var salt [6]byte
	_, _ = rand.Read(salt[:])
	prefix = "vinhdanh-test-" + hex.EncodeToString(salt[:]) + ":"
	t.Cleanup(func() { // leave nothing behind in the machine's Redis
		defer c.Close()
		for _, pattern := range []string{prefix + "*", "rate:" + prefix + "*"} { // redis_rate adds its own prefix
			keys, _ := c.Keys(ctx, pattern).Result()
			if len(keys) > 0 {
				c.Del(ctx, keys...)
			}
		}
	})
	return url, prefix
}
