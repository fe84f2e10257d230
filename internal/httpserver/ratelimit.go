package httpserver

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"vinhdanh/internal/apperr"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/metrics"
	"vinhdanh/internal/shared"
)

// budgets holds a token bucket (golang.org/x/time/rate) per client address for anonymous
// traffic, so one embedding site or one scraper cannot starve federation staff. The server
// keeps two: requests per second, checked before anything is parsed, and query cost per
// second, spent once the operation is priced (graph.Cost). Signed-in requests are not counted.
type budgets struct {
	rate  rate.Limit
	burst int
	mu    sync.Mutex
	byIP  map[string]*entry
	now   func() time.Time
	// shared, when set, keeps the buckets in Redis: one limit across replicas.
	shared *shared.Bucket
	log    *slog.Logger
}

type entry struct {
	limiter *rate.Limiter
	seen    time.Time
}

func newBudgets(perSecond float64, burst int) *budgets {
	return &budgets{rate: rate.Limit(perSecond), burst: burst, byIP: map[string]*entry{}, now: time.Now}
}

// take spends n tokens of ip, or says how long until they would be available. With Redis
// unreachable the request is served: the public roll stays up, and the limit returns with it.
func (b *budgets) take(ctx context.Context, ip string, n int) (bool, time.Duration) {
	if b.shared != nil {
		ok, wait, err := b.shared.Take(ctx, ip, n)
		if err != nil {
			b.log.WarnContext(ctx, "shared rate limit unavailable: serving without it", "err", err)
			return true, 0
		}
		return ok, wait
	}
	b.mu.Lock()
	now := b.now()
	if len(b.byIP) > 50_000 {
		for k, e := range b.byIP {
			if now.Sub(e.seen) > time.Minute {
				delete(b.byIP, k)
			}
		}
	}
	e, ok := b.byIP[ip]
	if !ok {
		e = &entry{limiter: rate.NewLimiter(b.rate, b.burst)}
		b.byIP[ip] = e
	}
	e.seen = now
	b.mu.Unlock()
	if n > b.burst {
		return false, time.Duration(float64(n) / float64(b.rate) * float64(time.Second))
	}
	r := e.limiter.ReserveN(now, n)
	if !r.OK() {
		return false, time.Second
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// exhausted reports whether ip has no tokens left at all, and how long until it has one.
func (b *budgets) exhausted(ctx context.Context, ip string) (bool, time.Duration) {
	if b.shared != nil {
		spent, wait, err := b.shared.Exhausted(ctx, ip)
		if err != nil {
			b.log.WarnContext(ctx, "shared rate limit unavailable: serving without it", "err", err)
			return false, 0
		}
		return spent, wait
	}
	b.mu.Lock()
	e, ok := b.byIP[ip]
	b.mu.Unlock()
	if !ok {
		return false, 0
	}
	now := b.now()
	if t := e.limiter.TokensAt(now); t < 1 {
		return true, time.Duration((1 - t) / float64(b.rate) * float64(time.Second))
	}
	return false, 0
}

// middleware refuses anonymous requests past the request budget with 429 and Retry-After.
// With costs, it also refuses an address whose query-cost budget is spent before the request
// is read or parsed: refusing must stay cheaper than serving, or refusals become the attack.
func (b *budgets) middleware(costs *budgets, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		ip := auth.ClientIP(r.Context())
		if ok, wait := b.take(r.Context(), ip, 1); !ok {
			metrics.FromContext(r.Context()).Refused("requests")
			retryAfter(w, wait)
			apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.RateLimited, Message: "too many requests from this address; retry later"})
			return
		}
		if costs != nil {
			if spent, wait := costs.exhausted(r.Context(), ip); spent {
				metrics.FromContext(r.Context()).Refused("cost")
				retryAfter(w, wait)
				apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.RateLimited, Message: "this address has spent its query budget; retry later or ask for less"})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// spend takes a priced operation's cost from the anonymous caller's cost budget.
func (b *budgets) spend(ctx context.Context, cost int) *apperr.Error {
	if ok, wait := b.take(ctx, auth.ClientIP(ctx), cost); !ok {
		metrics.FromContext(ctx).Refused("cost")
		return &apperr.Error{Code: apperr.RateLimited, Message: fmt.Sprintf(
			"this address has spent its query budget; retry in %d s or ask for less", seconds(wait))}
	}
	return nil
}

func retryAfter(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(seconds(wait)))
}

func seconds(d time.Duration) int { return max(1, int(math.Ceil(d.Seconds()))) }
