package auth

import (
	"fmt"
	"sync"
	"time"

	"vinhdanh/internal/apperr"
)

// Limiter counts failed logins per account and client address together, and per client
// address, in a sliding window. An account is never locked as a whole: failures from one
// address cannot lock its owner out from another. It lives in memory: a restart forgets,
// which is acceptable for slowing down guessing.
type Limiter struct {
	perAccount, perIP int
	window            time.Duration
	mu                sync.Mutex
	failures          map[string][]time.Time
	now               func() time.Time
}

// NewLimiter allows perAccount failures for one address and perIP failures from one client
// within window.
func NewLimiter(perAccount, perIP int, window time.Duration) *Limiter {
	return &Limiter{perAccount: perAccount, perIP: perIP, window: window, failures: map[string][]time.Time{}, now: time.Now}
}

// Allow refuses a login attempt while either limit is reached.
func (l *Limiter) Allow(email, ip string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range []struct {
		key   string
		limit int
	}{{accountKey(email, ip), l.perAccount}, {"ip:" + ip, l.perIP}} {
		if recent := l.recent(k.key); len(recent) >= k.limit {
			wait := recent[0].Add(l.window).Sub(l.now()).Round(time.Second)
			return &apperr.Error{Code: apperr.RateLimited, Message: fmt.Sprintf("too many failed logins; try again in %s", wait)}
		}
	}
	return nil
}

// Fail records a failed attempt.
func (l *Limiter) Fail(email, ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, key := range []string{accountKey(email, ip), "ip:" + ip} {
		l.failures[key] = append(l.recent(key), now)
	}
}

// Succeed forgets an account's failures from the address.
func (l *Limiter) Succeed(email, ip string) {
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
