package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"vinhdanh/ent/hook"
)

// Notifications. Every workflow step writes a NominationEvent; a hook on it writes an
// OutboxEvent in the same transaction, and one WebhookDelivery for each active webhook of a
// federation that may read the nomination. Nothing is sent inside the transaction: the
// dispatcher (internal/webhook) claims pending deliveries, and each replica's broker
// (internal/notify) tails the outbox for its subscribers. A rolled-back step leaves no trace.

// OutboxEvent is one workflow step to tell people about, in the order the steps committed.
type OutboxEvent struct{ ent.Schema }

// Fields of the OutboxEvent.
func (OutboxEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("nomination_event_id").Unique().Immutable(),
		field.Int("nomination_id").Immutable(),
		field.String("type").NotEmpty().Immutable().
			Comment("nomination.created, nomination.submitted, … (internal/outbox.TypeOf)."),
		field.Int("proposer_id").Immutable(),
		field.Int("reviewer_id").Optional().Nillable().Immutable().
			Comment("The federation the nomination sits with after the step."),
		field.Int("previous_reviewer_id").Optional().Nillable().Immutable().
			Comment("The federation it sat with before the step, when that changed."),
		field.Text("payload").Immutable().SchemaType(map[string]string{dialect.MySQL: "text"}).
			Comment("The webhook body: JSON, the same bytes on every attempt."),
		field.Time("create_time").Immutable().SchemaType(mysqlDatetime),
	}
}

// Edges of the OutboxEvent.
func (OutboxEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("nomination_event", NominationEvent.Type).Field("nomination_event_id").Unique().Required().Immutable(),
	}
}

// Indexes of the OutboxEvent.
func (OutboxEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("nomination_id"), index.Fields("nomination_event_id").Unique()}
}

// Annotations of the OutboxEvent.
func (OutboxEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{textTable, entgql.Skip(entgql.SkipAll)}
}

// Webhook is an HTTPS endpoint a federation's administrators registered to hear of the
// nominations their federation may read. Payloads are signed with its secret (Standard
// Webhooks: HMAC-SHA256 over id, timestamp and body).
type Webhook struct{ ent.Schema }

// Fields of the Webhook.
func (Webhook) Fields() []ent.Field {
	return []ent.Field{
		field.Int("collective_id").Immutable(),
		field.String("url").NotEmpty().MaxLen(2000).
			Comment("The endpoint: an https URL, called with a signed POST for each event."),
		field.String("description").Optional().MaxLen(500),
		field.String("secret").NotEmpty().Sensitive().
			Comment("whsec_… ; shown once, when made or rotated.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("active").Default(true),
	}
}

// Edges of the Webhook.
func (Webhook) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("collective", Collective.Type).Field("collective_id").Unique().Required().Immutable(),
		edge.From("deliveries", WebhookDelivery.Type).Ref("webhook").
			Annotations(entgql.RelayConnection()),
	}
}

// Hooks of the Webhook: an endpoint and a federation's bound are checked whatever path
// writes them.
func (Webhook) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(checkWebhook, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)}
}

// Mixin of the Webhook.
func (Webhook) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Annotations of the Webhook.
func (Webhook) Annotations() []schema.Annotation {
	return []schema.Annotation{textTable, entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// WebhookDelivery is one outbox event owed to one webhook: the queue the dispatcher claims
// from, and the log of what became of it.
type WebhookDelivery struct{ ent.Schema }

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("webhook_id").Immutable(),
		field.Int("outbox_event_id").Immutable(),
		field.String("event_type").Immutable(),
		field.Enum("status").Values("PENDING", "DELIVERED", "FAILED").Default("PENDING"),
		field.Int("attempts").Default(0).NonNegative(),
		field.Time("next_attempt_at").SchemaType(mysqlDatetime).
			Default(func() time.Time { return time.Now().UTC() }),
		field.Time("claimed_until").Optional().Nillable().SchemaType(mysqlDatetime).
			Comment("A replica sending it holds it until then; past it, another may take it over.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("claimed_by").Optional().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("delivered_at").Optional().Nillable().SchemaType(mysqlDatetime),
		field.Int("last_status_code").Optional().Nillable(),
		field.String("last_error").Optional().MaxLen(500),
		field.Time("create_time").Immutable().SchemaType(mysqlDatetime).
			Default(func() time.Time { return time.Now().UTC() }).
			Annotations(entgql.OrderField("CREATE_TIME")),
	}
}

// Edges of the WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("webhook", Webhook.Type).Field("webhook_id").Unique().Required().Immutable(),
		edge.To("outbox_event", OutboxEvent.Type).Field("outbox_event_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("attempt_log", WebhookAttempt.Type).Ref("delivery"),
	}
}

// Indexes of the WebhookDelivery: once per webhook and event; the claim reads each webhook's
// oldest pending delivery.
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("webhook_id", "outbox_event_id").Unique(),
		index.Fields("status", "next_attempt_at"),
		index.Fields("webhook_id", "status", "id"),
	}
}

// Annotations of the WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{textTable, entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// WebhookAttempt is one try at a delivery: when, by which replica, and the answer.
type WebhookAttempt struct{ ent.Schema }

// Fields of the WebhookAttempt.
func (WebhookAttempt) Fields() []ent.Field {
	return []ent.Field{
		field.Int("delivery_id").Immutable(),
		field.Time("started_at").Immutable().SchemaType(mysqlDatetime),
		field.Int("duration_ms").Immutable(),
		field.Int("status_code").Optional().Nillable().Immutable(),
		field.String("error").Optional().MaxLen(500).Immutable(),
		field.String("replica").Optional().Immutable(),
	}
}

// Edges of the WebhookAttempt.
func (WebhookAttempt) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("delivery", WebhookDelivery.Type).Field("delivery_id").Unique().Required().Immutable(),
	}
}

// Indexes of the WebhookAttempt.
func (WebhookAttempt) Indexes() []ent.Index {
	return []ent.Index{index.Fields("delivery_id")}
}

// Annotations of the WebhookAttempt.
func (WebhookAttempt) Annotations() []schema.Annotation {
	return []schema.Annotation{textTable, entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
