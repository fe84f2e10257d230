// Package outbox turns each workflow step into a notification that cannot be lost: the outbox
// row and one webhook delivery per federation endpoint that should hear of it, written in the
// step's own transaction (by a hook on NominationEvent, so every path writes them). Sending
// happens later and elsewhere: internal/webhook delivers, internal/notify feeds subscribers.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/nomination"
	"vinhdanh/ent/outboxevent"
	"vinhdanh/ent/predicate"
	"vinhdanh/ent/webhook"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/tree"
)

// TypeOf names a workflow action as an event type: SUBMIT → nomination.submitted.
func TypeOf(action string) string {
	past := map[string]string{
		"CREATE": "created", "UPDATE": "updated", "SUBMIT": "submitted", "RETURN": "returned",
		"FORWARD": "forwarded", "APPROVE": "approved", "REJECT": "rejected",
		"WITHDRAW": "withdrawn", "AWARD": "awarded",
	}[action]
	if past == "" {
		past = strings.ToLower(action)
	}
	return "nomination." + past
}

// Message is a webhook's body, in the Standard Webhooks shape: type, timestamp, data.
type Message struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      Data      `json:"data"`
}

// Data is what happened. Ids are the API's ids, so a receiver can ask for more.
type Data struct {
	EventID      string `json:"eventID"`
	NominationID string `json:"nominationID"`
	Action       string `json:"action"`
	FromStatus   string `json:"fromStatus,omitempty"`
	ToStatus     string `json:"toStatus"`
	Version      int    `json:"version"`
	ActorName    string `json:"actorName,omitempty"`
	Comment      string `json:"comment,omitempty"`
	ProposerID   string `json:"proposerID"`
	ReviewerID   string `json:"reviewerID,omitempty"`
	LevelCode    string `json:"levelCode"`
}

// Write records the outbox row of a nomination's history event and the deliveries it owes,
// with c, which is the step's transaction when the step runs in one.
func Write(ctx context.Context, c *ent.Client, ev *ent.NominationEvent) error {
	sys := rule.SystemContext(ctx)
	n, err := c.Nomination.Query().Where(nomination.ID(ev.NominationID)).WithLevel().Only(sys)
	if err != nil {
		return fmt.Errorf("outbox: load nomination %d: %w", ev.NominationID, err)
	}
	// The federation it sat with before, when the step moved it: it hears the nomination left.
	var previous *int
	last, err := c.OutboxEvent.Query().Where(outboxevent.NominationID(n.ID)).
		Order(ent.Desc(outboxevent.FieldID)).First(sys)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return fmt.Errorf("outbox: last event of nomination %d: %w", n.ID, err)
	case last.ReviewerID != nil && (n.ReviewerID == nil || *n.ReviewerID != *last.ReviewerID):
		previous = last.ReviewerID
	}
	typ := TypeOf(ev.Action)
	body, err := json.Marshal(Message{Type: typ, Timestamp: ev.CreateTime.UTC(), Data: Data{
		EventID: id(ev.ID), NominationID: id(n.ID), Action: ev.Action,
		FromStatus: ev.FromStatus, ToStatus: ev.ToStatus, Version: n.Version, ActorName: ev.ActorName,
		Comment: ev.Comment, ProposerID: id(n.ProposerID), ReviewerID: optionalID(n.ReviewerID),
		LevelCode: n.Edges.Level.Code,
	}})
	if err != nil {
		return fmt.Errorf("outbox: encode event %d: %w", ev.ID, err)
	}
	row, err := c.OutboxEvent.Create().SetNominationEventID(ev.ID).SetNominationID(n.ID).SetType(typ).
		SetProposerID(n.ProposerID).SetNillableReviewerID(n.ReviewerID).SetNillablePreviousReviewerID(previous).
		SetPayload(string(body)).SetCreateTime(ev.CreateTime).Save(sys)
	if err != nil {
		return fmt.Errorf("outbox: write event %d: %w", ev.ID, err)
	}
	return fanOut(sys, c, row)
}

// fanOut owes the event to every active webhook of a federation that may read the
// nomination: one above (or being) its proposer or a reviewer it sat with.
func fanOut(ctx context.Context, c *ent.Client, row *ent.OutboxEvent) error {
	units := []int{row.ProposerID}
	for _, r := range []*int{row.ReviewerID, row.PreviousReviewerID} {
		if r != nil {
			units = append(units, *r)
		}
	}
	hooks, err := c.Webhook.Query().Where(webhook.Active(true),
		predicate.Webhook(tree.AboveToday(webhook.FieldCollectiveID, units...))).IDs(ctx)
	if err != nil {
		return fmt.Errorf("outbox: webhooks of event %d: %w", row.ID, err)
	}
	if len(hooks) == 0 {
		return nil
	}
	creates := make([]*ent.WebhookDeliveryCreate, len(hooks))
	for i, h := range hooks {
		creates[i] = c.WebhookDelivery.Create().SetWebhookID(h).SetOutboxEventID(row.ID).
			SetEventType(row.Type).SetNextAttemptAt(row.CreateTime)
	}
	if err := c.WebhookDelivery.CreateBulk(creates...).Exec(ctx); err != nil {
		return fmt.Errorf("outbox: deliveries of event %d: %w", row.ID, err)
	}
	return nil
}

func id(n int) string { return strconv.Itoa(n) }

func optionalID(n *int) string {
	if n == nil {
		return ""
	}
	return id(*n)
}
