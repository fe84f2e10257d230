// Package notify feeds GraphQL subscriptions from the outbox. Each replica tails the outbox
// table (so an event committed through any replica reaches subscribers on every one) and
// hands each new event to its own subscribers it concerns, loaded with the subscriber's own
// rights: a subscription shows exactly what a query by the same person would.
//
// Ids are given out when rows are inserted, not when they commit, so on MySQL a later id can
// commit first. The tail remembers the ids it skipped and looks for them again for a while
// (Settle): an event that commits late is still delivered, once.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/outboxevent"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/viewer"
)

// Settle is how long a skipped id is looked for: longer than any transaction that writes one.
const Settle = time.Minute

// Buffer is how many events a subscriber may fall behind by. A subscriber slower than that is
// ended (its client subscribes again and reads its queue afresh) rather than silently missing
// events or holding up everybody else.
const Buffer = 256

// Broker hands outbox events to this replica's subscribers. It tails the outbox only while
// somebody listens.
type Broker struct {
	client *ent.Client
	poll   time.Duration
	log    *slog.Logger

	mu   sync.Mutex
	subs map[*subscriber]struct{}
	stop context.CancelFunc
}

type subscriber struct {
	ctx     context.Context // the subscriber's own: its viewer decides what it may read
	concern func(*ent.OutboxEvent) bool
	out     chan *ent.NominationEvent
	gone    bool
}

// New returns a broker reading c every poll interval (250 ms when 0).
func New(c *ent.Client, poll time.Duration, log *slog.Logger) *Broker {
	if poll <= 0 {
		poll = 250 * time.Millisecond
	}
	if log == nil {
		log = slog.Default()
	}
	return &Broker{client: c, poll: poll, log: log, subs: map[*subscriber]struct{}{}}
}

// Subscribers is how many subscriptions this replica feeds.
func (b *Broker) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// ReviewQueue streams the changes to nominations that sit, or sat until the change, with the
// caller's federation: arrivals, returns, decisions, forwarding on.
func (b *Broker) ReviewQueue(ctx context.Context) (<-chan *ent.NominationEvent, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, viewer.Refusal(ctx, "subscribe to a review queue")
	}
	return b.subscribe(ctx, func(e *ent.OutboxEvent) bool {
		return yours(v, e.ReviewerID) || yours(v, e.PreviousReviewerID)
	})
}

// UnitNominations streams the changes to nominations the caller's unit, or a unit under it,
// proposed.
func (b *Broker) UnitNominations(ctx context.Context) (<-chan *ent.NominationEvent, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, viewer.Refusal(ctx, "subscribe to nominations")
	}
	return b.subscribe(ctx, func(e *ent.OutboxEvent) bool { return v.InScope(e.ProposerID) })
}

// yours: the federation is the viewer's own (an administrator's, any).
func yours(v *viewer.Viewer, federation *int) bool {
	return federation != nil && (v.Admin() || *federation == v.ScopeID)
}

func (b *Broker) subscribe(ctx context.Context, concern func(*ent.OutboxEvent) bool) (<-chan *ent.NominationEvent, error) {
	s := &subscriber{ctx: ctx, concern: concern, out: make(chan *ent.NominationEvent, Buffer)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stop == nil {
		// The first subscriber starts the tail at the newest event: subscriptions hear of
		// what happens from now on.
		last, err := b.client.OutboxEvent.Query().Order(ent.Desc(outboxevent.FieldID)).FirstID(rule.SystemContext(ctx))
		if err != nil && !ent.IsNotFound(err) {
			return nil, fmt.Errorf("notify: newest outbox event: %w", err)
		}
		tailCtx, stop := context.WithCancel(context.Background())
		b.stop = stop
		go b.tail(tailCtx, last)
	}
	b.subs[s] = struct{}{}
	go func() {
		<-ctx.Done()
		b.leave(s)
	}()
	return s.out, nil
}

// leave ends a subscription; the last one out stops the tail.
func (b *Broker) leave(s *subscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[s]; !ok {
		return
	}
	delete(b.subs, s)
	if !s.gone {
		s.gone = true
		close(s.out)
	}
	if len(b.subs) == 0 && b.stop != nil {
		b.stop()
		b.stop = nil
	}
}

// tail reads new outbox rows every poll interval and the skipped ids it still waits for.
func (b *Broker) tail(ctx context.Context, last int) {
	sys := rule.SystemContext(ctx)
	missing := map[int]time.Time{} // skipped id → until when to look for it
	ticker := time.NewTicker(b.poll)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		now := time.Now()
		for id, until := range missing {
			if now.After(until) {
				delete(missing, id) // rolled back: that id will never commit
			}
		}
		q := b.client.OutboxEvent.Query().Where(outboxevent.IDGT(last))
		if len(missing) > 0 {
			ids := make([]int, 0, len(missing))
			for id := range missing {
				ids = append(ids, id)
			}
			q = b.client.OutboxEvent.Query().Where(outboxevent.Or(outboxevent.IDGT(last), outboxevent.IDIn(ids...)))
		}
		rows, err := q.Order(ent.Asc(outboxevent.FieldID)).Limit(500).All(sys)
		if err != nil {
			if ctx.Err() == nil {
				b.log.WarnContext(ctx, "notify: read the outbox", "err", err)
			}
			continue
		}
		for _, r := range rows {
			if _, late := missing[r.ID]; late {
				delete(missing, r.ID)
			} else if r.ID > last {
				if gap := r.ID - last - 1; gap > 0 && gap <= 10_000 {
					for id := last + 1; id < r.ID; id++ {
						missing[id] = now.Add(Settle)
					}
				}
				last = r.ID
			}
			b.publish(r)
		}
	}
}

// publish hands an event to each subscriber it concerns, as that subscriber may read it.
func (b *Broker) publish(r *ent.OutboxEvent) {
	b.mu.Lock()
	subs := make([]*subscriber, 0, len(b.subs))
	for s := range b.subs {
		if s.concern(r) {
			subs = append(subs, s)
		}
	}
	b.mu.Unlock()
	for _, s := range subs {
		ev, err := b.client.NominationEvent.Get(s.ctx, r.NominationEventID)
		if err != nil {
			continue // not (or no longer) visible to this subscriber, or it has gone
		}
		b.mu.Lock()
		if !s.gone {
			select {
			case s.out <- ev:
			default:
				// Too far behind: end it rather than drop an event in silence.
				s.gone = true
				close(s.out)
			}
		}
		b.mu.Unlock()
	}
}
