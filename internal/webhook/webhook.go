// Package webhook registers federations' endpoints and delivers the outbox to them: each
// delivery claimed by one replica at a time (a conditional UPDATE: the row lock makes one
// replica's claim match and the others' match nothing), signed the Standard Webhooks way,
// retried with backoff, every attempt logged. A replica that dies mid-delivery holds its
// claim only until the lease ends; then another sends it again, with the same webhook-id, so
// nothing is lost and receivers can drop the repeat.
//
// Deliveries of one webhook go out in the order their events committed: a delivery is sent
// only when no earlier one of the same webhook is pending, so a failing endpoint holds its
// later events back until it answers or its delivery is given up (FAILED after the last retry).
package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"vinhdanh/ent"
	"vinhdanh/ent/webhookdelivery"
	"vinhdanh/internal/rule"
)

// DefaultBackoff is the wait before each retry; after the last, a delivery is FAILED (about
// 1.5 days in all, so an endpoint down over a night and a day still gets everything).
var DefaultBackoff = []time.Duration{10 * time.Second, time.Minute, 5 * time.Minute, 30 * time.Minute,
	2 * time.Hour, 6 * time.Hour, 12 * time.Hour, 12 * time.Hour}

// Dispatcher sends pending deliveries. Run one per replica; they share the work.
type Dispatcher struct {
	Client  *ent.Client
	HTTP    *http.Client    // NewHTTPClient(false, nil) when nil
	Replica string          // names the sender in the delivery log
	Lease   time.Duration   // how long a claim holds; default 1 minute (the HTTP deadline is 10 s)
	Poll    time.Duration   // wait when nothing is due; default 1 second
	Backoff []time.Duration // DefaultBackoff when nil
	Batch   int             // deliveries claimed per round; default 16
	Log     *slog.Logger
	// Observe, when set, hears each attempt's outcome: delivered, retry or failed (metrics).
	Observe func(outcome string)
}

func (d *Dispatcher) defaults() {
	if d.HTTP == nil {
		d.HTTP = NewHTTPClient(false, nil)
	}
	if d.Lease <= 0 {
		d.Lease = time.Minute
	}
	if d.Poll <= 0 {
		d.Poll = time.Second
	}
	if d.Backoff == nil {
		d.Backoff = DefaultBackoff
	}
	if d.Batch <= 0 {
		d.Batch = 16
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
}

// Run delivers until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	d.defaults()
	for ctx.Err() == nil {
		n, err := d.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			d.Log.WarnContext(ctx, "webhooks: a round failed", "err", err)
		}
		if n == 0 || err != nil {
			select {
			case <-ctx.Done():
			case <-time.After(d.Poll):
			}
		}
	}
}

// RunOnce claims what is due and sends it; it returns how many deliveries it sent.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	d.defaults()
	sys := rule.SystemContext(ctx)
	now := time.Now().UTC()
	// Read in the order of the (status, next_attempt_at) index, so the log of delivered rows
	// is never walked (TestDeliveryPlans).
	due, err := d.Client.WebhookDelivery.Query().Where(
		webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING),
		webhookdelivery.NextAttemptAtLTE(now),
		webhookdelivery.Or(webhookdelivery.ClaimedUntilIsNil(), webhookdelivery.ClaimedUntilLT(now)),
		oldestOfItsWebhook,
	).Order(ent.Asc(webhookdelivery.FieldNextAttemptAt), ent.Asc(webhookdelivery.FieldID)).Limit(d.Batch).IDs(sys)
	if err != nil {
		return 0, fmt.Errorf("webhooks: find due deliveries: %w", err)
	}
	// At most one delivery per webhook is due (its oldest pending), so those claimed go out
	// side by side without reordering any endpoint's events.
	var wg sync.WaitGroup
	defer wg.Wait() // a round ends when its sends have settled, whatever stopped the claiming
	sent := 0
	for _, id := range due {
		token, ok, err := d.claim(sys, id, now)
		if err != nil {
			return sent, err
		}
		if !ok {
			continue // another replica has it
		}
		sent++
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.deliver(sys, id, token); err != nil && ctx.Err() == nil {
				d.Log.WarnContext(ctx, "webhooks: delivery failed to record", "delivery", id, "err", err)
			}
		}()
	}
	return sent, nil
}

// Pending counts the deliveries not yet settled: the queue an operator watches.
func Pending(ctx context.Context, c *ent.Client) (int, error) {
	return c.WebhookDelivery.Query().Where(webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING)).Count(rule.SystemContext(ctx))
}

// oldestOfItsWebhook keeps a delivery only when no earlier delivery of its webhook is pending.
func oldestOfItsWebhook(s *sql.Selector) {
	e := sql.Table(webhookdelivery.Table).As("earlier")
	s.Where(sql.NotExists(sql.Select(e.C(webhookdelivery.FieldID)).From(e).Where(sql.And(
		sql.ColumnsEQ(e.C(webhookdelivery.FieldWebhookID), s.C(webhookdelivery.FieldWebhookID)),
		sql.EQ(e.C(webhookdelivery.FieldStatus), webhookdelivery.StatusPENDING.String()),
		sql.ColumnsLT(e.C(webhookdelivery.FieldID), s.C(webhookdelivery.FieldID)),
	))))
}

// claim takes a delivery for the lease: one UPDATE conditional on nobody holding it, which the
// database's row lock makes true for exactly one replica. The claim's token is the replica's
// name and a random part, so only this claim can settle the delivery.
func (d *Dispatcher) claim(ctx context.Context, id int, now time.Time) (string, bool, error) {
	var b [6]byte
	_, _ = rand.Read(b[:])
	token := d.Replica + "#" + hex.EncodeToString(b[:])
	n, err := d.Client.WebhookDelivery.Update().Where(
		webhookdelivery.ID(id),
		webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING),
		webhookdelivery.Or(webhookdelivery.ClaimedUntilIsNil(), webhookdelivery.ClaimedUntilLT(now)),
	).SetClaimedBy(token).SetClaimedUntil(now.Add(d.Lease)).Save(ctx)
	if err != nil {
		return "", false, fmt.Errorf("webhooks: claim delivery %d: %w", id, err)
	}
	return token, n == 1, nil
}

// deliver sends one claimed delivery and records the attempt and its outcome together.
func (d *Dispatcher) deliver(ctx context.Context, id int, token string) error {
	del, err := d.Client.WebhookDelivery.Query().Where(webhookdelivery.ID(id)).
		WithWebhook().WithOutboxEvent().Only(ctx)
	if err != nil {
		return fmt.Errorf("load delivery %d: %w", id, err)
	}
	hook, event := del.Edges.Webhook, del.Edges.OutboxEvent
	start := time.Now().UTC()
	var code *int
	var problem string
	if !hook.Active {
		problem = "the webhook is disabled"
	} else {
		code, problem = d.send(ctx, hook, event)
	}
	return d.finish(ctx, del, token, start, code, problem)
}

// send posts the event's body, signed; it returns the status code (when one came back) and
// what went wrong (empty on a 2xx answer).
func (d *Dispatcher) send(ctx context.Context, hook *ent.Webhook, event *ent.OutboxEvent) (*int, string) {
	signer, err := standardwebhooks.NewWebhook(hook.Secret)
	if err != nil {
		return nil, "the webhook's secret is not usable"
	}
	// The same id on every attempt and redelivery of an event: a receiver drops repeats by it.
	msgID := "msg_" + strconv.Itoa(event.ID)
	now := time.Now()
	signature, err := signer.Sign(msgID, now, []byte(event.Payload))
	if err != nil {
		return nil, "could not sign the payload"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader([]byte(event.Payload)))
	if err != nil {
		return nil, "the endpoint is not a valid URL"
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "VinhDanh-Webhooks/1")
	req.Header.Set(standardwebhooks.HeaderWebhookID, msgID)
	req.Header.Set(standardwebhooks.HeaderWebhookTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(standardwebhooks.HeaderWebhookSignature, signature)
	resp, err := d.HTTP.Do(req)
	if err != nil {
		return nil, describe(ctx, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	code := resp.StatusCode
	if code < 200 || code > 299 {
		return &code, "the endpoint answered " + strconv.Itoa(code)
	}
	return &code, ""
}

// finish logs the attempt and moves the delivery on: DELIVERED, due again after its backoff,
// or FAILED after the last retry. Only the claim's holder may: a replica whose lease ran out
// while it waited has been overtaken, and its outcome is logged but decides nothing.
func (d *Dispatcher) finish(ctx context.Context, del *ent.WebhookDelivery, token string, start time.Time, code *int, problem string) error {
	tx, err := d.Client.Tx(ctx)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	if err := tx.WebhookAttempt.Create().SetDeliveryID(del.ID).SetStartedAt(start).
		SetDurationMs(int(elapsed.Milliseconds())).SetNillableStatusCode(code).SetError(problem).
		SetReplica(d.Replica).Exec(ctx); err != nil {
		return rollback(tx, fmt.Errorf("log attempt of delivery %d: %w", del.ID, err))
	}
	now := time.Now().UTC()
	attempts := del.Attempts + 1
	u := tx.WebhookDelivery.Update().Where(webhookdelivery.ID(del.ID), webhookdelivery.ClaimedBy(token),
		webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING)).
		SetAttempts(attempts).ClearClaimedUntil().SetNillableLastStatusCode(code).SetLastError(problem)
	outcome := "retry"
	switch {
	case problem == "":
		outcome = "delivered"
		u.SetStatus(webhookdelivery.StatusDELIVERED).SetDeliveredAt(now)
	case attempts > len(d.Backoff):
		outcome = "failed"
		u.SetStatus(webhookdelivery.StatusFAILED)
	default:
		u.SetNextAttemptAt(now.Add(d.Backoff[attempts-1]))
	}
	if err := u.Exec(ctx); err != nil {
		return rollback(tx, fmt.Errorf("record delivery %d: %w", del.ID, err))
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if d.Observe != nil {
		d.Observe(outcome)
	}
	return nil
}

func rollback(tx *ent.Tx, err error) error {
	_ = tx.Rollback()
	return err
}
