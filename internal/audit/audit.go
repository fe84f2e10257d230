// Package audit writes an AuditEvent for every change made through the API, in the same
// transaction as the change: who, which operation, the entity, its changed fields before and
// after, and the request id. Changes made by the system itself (start-up, seeding) carry no
// operation and are not audited.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	entgo "entgo.io/ent"

	"vinhdanh/ent"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/viewer"
)

type opKey struct{}

// WithOperation marks ctx as serving the named API operation, e.g. "approveNomination".
func WithOperation(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, opKey{}, name)
}

// Operation returns the API operation ctx serves, or "".
func Operation(ctx context.Context) string {
	op, _ := ctx.Value(opKey{}).(string)
	return op
}

// secret fields never appear in the log, not even hashed: password and token hashes, and a
// webhook's signing secret.
var secret = map[string]bool{"password_hash": true, "token_hash": true, "secret": true}

// Hook records mutations made while serving an API operation.
func Hook(next entgo.Mutator) entgo.Mutator {
	return entgo.MutateFunc(func(ctx context.Context, m entgo.Mutation) (entgo.Value, error) {
		op := Operation(ctx)
		if op == "" {
			return next.Mutate(ctx, m)
		}
		am, ok := m.(auditable)
		if !ok {
			return next.Mutate(ctx, m)
		}
		var ids []int
		before := map[int]map[string]any{}
		switch {
		case m.Op().Is(entgo.OpUpdateOne | entgo.OpDeleteOne):
			id, _ := am.ID()
			ids = []int{id}
			before[id] = oldValues(ctx, m)
		case m.Op().Is(entgo.OpUpdate | entgo.OpDelete):
			var err error
			if ids, err = am.IDs(ctx); err != nil {
				return nil, fmt.Errorf("audit: ids of %s: %w", m.Type(), err)
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if m.Op().Is(entgo.OpCreate) {
			id, _ := am.ID()
			ids = []int{id}
		}
		after := newValues(m)
		c := am.Client()
		for _, id := range ids {
			b := c.AuditEvent.Create().
				SetAction(op + ": " + opName(m.Op())).
				SetEntityType(m.Type()).SetEntityID(id).
				SetAfter(encode(after)).
				SetRequestID(requestid.FromContext(ctx)).
				SetCreateTime(time.Now().UTC())
			if old := before[id]; old != nil {
				b.SetBefore(encode(old))
			}
			if vw := viewer.FromContext(ctx); vw != nil {
				b.SetActorID(vw.UserID)
			}
			if err := b.Exec(ctx); err != nil {
				return nil, fmt.Errorf("audit %s %d: %w", m.Type(), id, err)
			}
		}
		return v, nil
	})
}

type auditable interface {
	ID() (int, bool)
	IDs(context.Context) ([]int, error)
	Client() *ent.Client
}

func oldValues(ctx context.Context, m entgo.Mutation) map[string]any {
	out := map[string]any{}
	for _, f := range append(m.Fields(), m.ClearedFields()...) {
		if secret[f] {
			continue
		}
		if v, err := m.OldField(ctx, f); err == nil {
			out[f] = v
		}
	}
	return out
}

func newValues(m entgo.Mutation) map[string]any {
	out := map[string]any{}
	for _, f := range m.Fields() {
		if secret[f] {
			out[f] = "(changed)"
			continue
		}
		if v, ok := m.Field(f); ok {
			out[f] = v
		}
	}
	for _, f := range m.ClearedFields() {
		out[f] = nil
	}
	for _, f := range m.AddedFields() {
		if v, ok := m.AddedField(f); ok {
			out[f+"+"] = v
		}
	}
	return out
}

func opName(op entgo.Op) string {
	switch {
	case op.Is(entgo.OpCreate):
		return "create"
	case op.Is(entgo.OpUpdate | entgo.OpUpdateOne):
		return "update"
	default:
		return "delete"
	}
}

func encode(v map[string]any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf(`{"error": %q}`, strings.ReplaceAll(err.Error(), `"`, "'"))
	}
	return string(b)
}
