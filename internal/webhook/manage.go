package webhook

import (
	"context"
	"fmt"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/webhook"
	"vinhdanh/ent/webhookdelivery"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/rule"
)

// Registered is a new webhook with its secret: the only time the secret is shown.
type Registered struct {
	Webhook *ent.Webhook
	Secret  *string // nil when an update kept the secret
}

// MaxPerFederation bounds a federation's active endpoints: each event is sent to every one,
// so the bound is also what one event can cost the dispatcher.
const MaxPerFederation = 10

// CheckRoom refuses one more active webhook for a collective that has MaxPerFederation of
// them already (besides the webhook except, being changed). Called by the Webhook hook, so
// registering and re-enabling alike are bounded.
func CheckRoom(ctx context.Context, c *ent.Client, collectiveID, except int) error {
	n, err := c.Webhook.Query().Where(webhook.CollectiveID(collectiveID), webhook.Active(true), webhook.IDNEQ(except)).
		Count(rule.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("count webhooks of collective %d: %w", collectiveID, err)
	}
	if n >= MaxPerFederation {
		return apperr.Invalid("collectiveID", "a federation may have at most %d active webhooks; disable one first", MaxPerFederation)
	}
	return nil
}

// Register adds an endpoint for a federation; its administrators (or an administrator) may.
func Register(ctx context.Context, c *ent.Client, collectiveID int, url, description string) (*Registered, error) {
	if err := rule.MayManageWebhook(ctx, collectiveID); err != nil {
		return nil, err
	}
	secret := NewSecret()
	w, err := c.Webhook.Create().SetCollectiveID(collectiveID).SetURL(strings.TrimSpace(url)).
		SetDescription(strings.TrimSpace(description)).SetSecret(secret).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("register webhook: %w", err)
	}
	return &Registered{Webhook: w, Secret: &secret}, nil
}

// Change is what Update may change; nil leaves a value as it is.
type Change struct {
	URL, Description *string
	Active           *bool
	RotateSecret     bool
}

// Update changes an endpoint; with RotateSecret, the new secret is returned (and signs
// everything sent from then on, retries included).
func Update(ctx context.Context, c *ent.Client, id int, ch Change) (*Registered, error) {
	w, err := visible(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := rule.MayManageWebhook(ctx, w.CollectiveID); err != nil {
		return nil, err
	}
	u := c.Webhook.UpdateOneID(id)
	if ch.URL != nil {
		u.SetURL(strings.TrimSpace(*ch.URL))
	}
	if ch.Description != nil {
		u.SetDescription(strings.TrimSpace(*ch.Description))
	}
	if ch.Active != nil {
		u.SetActive(*ch.Active)
	}
	out := &Registered{}
	if ch.RotateSecret {
		secret := NewSecret()
		out.Secret = &secret
		u.SetSecret(secret)
	}
	if out.Webhook, err = u.Save(ctx); err != nil {
		return nil, fmt.Errorf("update webhook %d: %w", id, err)
	}
	return out, nil
}

// Redeliver sends a delivery again, whatever became of it: due now, its retries counted anew,
// in its place in the webhook's order (it holds later events back until it is through).
func Redeliver(ctx context.Context, c *ent.Client, deliveryID int) (*ent.WebhookDelivery, error) {
	d, err := c.WebhookDelivery.Query().Where(webhookdelivery.ID(deliveryID)).WithWebhook().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("webhook delivery %d not found", deliveryID)}
	}
	if err != nil {
		return nil, fmt.Errorf("load webhook delivery %d: %w", deliveryID, err)
	}
	if err := rule.MayManageWebhook(ctx, d.Edges.Webhook.CollectiveID); err != nil {
		return nil, err
	}
	// The dispatcher's columns: written for the system once the caller is allowed.
	d, err = c.WebhookDelivery.UpdateOneID(deliveryID).SetStatus(webhookdelivery.StatusPENDING).
		SetAttempts(0).SetNextAttemptAt(time.Now().UTC()).ClearClaimedUntil().ClearDeliveredAt().
		Save(rule.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("redeliver %d: %w", deliveryID, err)
	}
	return d, nil
}

// visible loads a webhook the caller may read; others are not found, as if absent.
func visible(ctx context.Context, c *ent.Client, id int) (*ent.Webhook, error) {
	w, err := c.Webhook.Query().Where(webhook.ID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("webhook %d not found", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("load webhook %d: %w", id, err)
	}
	return w, nil
}

// List returns the webhooks the caller may see, of one collective or all, oldest first.
func List(ctx context.Context, c *ent.Client, collectiveID *int) ([]*ent.Webhook, error) {
	q := c.Webhook.Query().Order(ent.Asc(webhook.FieldID))
	if collectiveID != nil {
		q.Where(webhook.CollectiveID(*collectiveID))
	}
	hooks, err := q.Limit(1000).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	return hooks, nil
}
