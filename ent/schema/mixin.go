package schema

import (
	"context"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"vinhdanh/internal/apperr"
	"vinhdanh/internal/audit"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
)

// mysqlDatetime keeps microseconds and dates past 2038, which ent's default TIMESTAMP loses.
var mysqlDatetime = map[string]string{dialect.MySQL: "datetime(6)"}

// mysqlDate stores calendar dates without a time zone to drift through.
var mysqlDate = map[string]string{dialect.MySQL: "date"}

// TimeMixin records when a row was created and last changed. Clients never set these.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("create_time").
			Default(func() time.Time { return time.Now().UTC() }).
			Immutable().
			SchemaType(mysqlDatetime).
			Annotations(entgql.OrderField("CREATE_TIME"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("update_time").
			Default(func() time.Time { return time.Now().UTC() }).
			UpdateDefault(func() time.Time { return time.Now().UTC() }).
			SchemaType(mysqlDatetime).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// PeriodMixin adds a typed, optional period: a kind plus its first and last year. The three
// columns are set together or not at all.
type PeriodMixin struct{ mixin.Schema }

// Fields of the PeriodMixin.
func (PeriodMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("period_kind").GoType(enum.PeriodKind("")).Optional().Nillable().
			Annotations(entgql.Type("PeriodKind")),
		field.Int("period_start_year").Optional().Nillable().
			Annotations(entgql.OrderField("PERIOD_START_YEAR")),
		field.Int("period_end_year").Optional().Nillable(),
		// The period's first and last day, kept by the hook, so the tree as it was during the
		// period can be joined on dates (see TreePath).
		field.Time("period_from").Optional().Nillable().SchemaType(mysqlDate).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("period_to").Optional().Nillable().SchemaType(mysqlDate).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// periodMutation is the part of a generated mutation the period hook reads.
type periodMutation interface {
	ent.Mutation
	PeriodKind() (enum.PeriodKind, bool)
	PeriodStartYear() (int, bool)
	PeriodEndYear() (int, bool)
	OldPeriodKind(context.Context) (*enum.PeriodKind, error)
	OldPeriodStartYear(context.Context) (*int, error)
	OldPeriodEndYear(context.Context) (*int, error)
}

// Hooks of the PeriodMixin.
func (PeriodMixin) Hooks() []ent.Hook {
	return []ent.Hook{validatePeriod}
}

// validatePeriod rejects half-set periods and years that do not fit their kind.
func validatePeriod(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		pm, ok := m.(periodMutation)
		if !ok || !(m.Op().Is(ent.OpCreate) || m.Op().Is(ent.OpUpdateOne)) {
			return next.Mutate(ctx, m)
		}
		kind, hasKind := pm.PeriodKind()
		start, hasStart := pm.PeriodStartYear()
		end, hasEnd := pm.PeriodEndYear()
		if !hasKind && !hasStart && !hasEnd {
			return next.Mutate(ctx, m)
		}
		if m.Op().Is(ent.OpUpdateOne) {
			// Fill in the parts the update leaves alone so the whole period is checked.
			if !hasKind {
				if old, err := pm.OldPeriodKind(ctx); err == nil && old != nil {
					kind, hasKind = *old, true
				}
			}
			if !hasStart {
				if old, err := pm.OldPeriodStartYear(ctx); err == nil && old != nil {
					start, hasStart = *old, true
				}
			}
			if !hasEnd {
				if old, err := pm.OldPeriodEndYear(ctx); err == nil && old != nil {
					end, hasEnd = *old, true
				}
			}
		}
		if !hasKind || !hasStart || !hasEnd {
			return nil, apperr.Invalid("period", "period kind, start year and end year must be set together")
		}
		p := period.Period{Kind: kind, StartYear: start, EndYear: end}
		if err := p.Validate(); err != nil {
			return nil, apperr.Invalid("period", "%v", err)
		}
		first, last := p.Span()
		if err := m.SetField("period_from", first); err != nil {
			return nil, fmt.Errorf("period span: %w", err)
		}
		if err := m.SetField("period_to", last); err != nil {
			return nil, fmt.Errorf("period span: %w", err)
		}
		return next.Mutate(ctx, m)
	})
}

// AuditMixin writes an AuditEvent for every change of the entity made through the API.
type AuditMixin struct{ mixin.Schema }

// Hooks of the AuditMixin.
func (AuditMixin) Hooks() []ent.Hook { return []ent.Hook{audit.Hook} }
