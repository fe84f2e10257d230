package auth

import (
	"context"
	"fmt"
	"sync"
	"time"

	"vinhdanh/internal/apperr"
	"vinhdanh/internal/shared"
)

// Limiter counts failed logins per account and client address together, and per client
// address, in a sliding window. An account is never locked as a whole: failures from one
// address cannot lock its owner out from another. It lives in memory (a restart forgets,
// which is acceptable for slowing down guessing), or, with Shared set, in Redis, so that
// replicas count together (a fixed window there); while Redis does not answer, in memory.
type Limiter struct {
	perAccount, perIP int
	window            time.Duration
	mu                sync.Mutex
	failures          map[string][]time.Time
	now               func() time.Time
	Shared            *shared.Failures
}

// NewLimiter allows perAccount failures for one address and perIP failures from one client
// within window.
func NewLimiter(perAccount, perIP int, window time.Duration) *Limiter {
	return &Limiter{perAccount: perAccount, perIP: perIP, window: window, failures: map[string][]time.Time{}, now: time.Now}
}

// Allow refuses a login attempt while either limit is reached.
func (l *Limiter) Allow(ctx context.Context, email, ip string) error {
	for _, k := range []struct {
		key   string
		limit int
	}{{accountKey(email, ip), l.perAccount}, {"ip:" + ip, l.perIP}} {
		if l.Shared != nil {
			n, wait, err := l.Shared.Count(ctx, k.key)
			if err == nil {
				if n >= k.limit {
					return tooMany(wait)
				}
				continue
			}
		}
		l.mu.Lock()
		recent := l.recent(k.key)
		l.mu.Unlock()
		if len(recent) >= k.limit {
			return tooMany(recent[0].Add(l.window).Sub(l.now()))
		}
	}
	return nil
}

func tooMany(wait time.Duration) error {
	return &apperr.Error{Code: apperr.RateLimited, Message: fmt.Sprintf("too many failed logins; try again in %s", wait.Round(time.Second))}
}

// Fail records a failed attempt.
func (l *Limiter) Fail(ctx context.Context, email, ip string) {
	for _, key := range []string{accountKey(email, ip), "ip:" + ip} {
		if l.Shared != nil && l.Shared.Add(ctx, key) == nil {
			continue
		}
		l.mu.Lock()
		l.failures[key] = append(l.recent(key), l.now())
		l.mu.Unlock()
	}
}

// Succeed forgets an account's failures from the address.
func (l *Limiter) Succeed(ctx context.Context, email, ip string) {
	if l.Shared != nil {
		_ = l.Shared.Forget(ctx, accountKey(email, ip))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, accountKey(email, ip))
}

func accountKey(email, ip string) string { return "a:" + email + "|" + ip }

func (l *Limiter) recent(key string) []time.Time {
	cutoff := l.now().Add(-l.window)
	times := l.failures[key]
	i := 0
	for i < len(times) && times[i].Before(cutoff) {
		i++
	}
	times = times[i:]
	if len(times) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = times
	return times
}
