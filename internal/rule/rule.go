// Package rule holds the ent privacy rules. Every read and write of the data layer passes
// through them with the viewer of the request, so a resolver that forgets a check can still
// neither leak a private record nor write outside the viewer's scope.
package rule

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/ceremony"
	"vinhdanh/ent/ceremonypresenter"
	"vinhdanh/ent/decision"
	"vinhdanh/ent/nomination"
	"vinhdanh/ent/nominationdocument"
	"vinhdanh/ent/nominationevent"
	"vinhdanh/ent/position"
	"vinhdanh/ent/privacy"
	"vinhdanh/ent/user"
	"vinhdanh/ent/webhook"
	"vinhdanh/ent/webhookattempt"
	"vinhdanh/ent/webhookdelivery"
	"vinhdanh/internal/viewer"
)

// SystemContext returns a context in which every rule allows: start-up, seeding, login and
// token refresh act for the system, not for a viewer.
func SystemContext(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// deny builds a denial that ent treats as privacy.Deny and the API shows with a code:
// UNAUTHENTICATED for anonymous callers, FORBIDDEN for signed-in ones.
func deny(ctx context.Context, msg string) error {
	e := viewer.Refusal(ctx, msg)
	e.Err = privacy.Deny
	return e
}

// AllowAdmin allows any operation to administrators.
func AllowAdmin() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).Admin() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// Deny denies with a message; the last rule of a policy.
func Deny(what string) privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error { return deny(ctx, what) })
}

// AllowRoles allows the listed roles (the scope is checked by other rules or filters), never
// the accounts of a dissolved unit.
func AllowRoles(roles ...viewer.Role) privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		v := viewer.FromContext(ctx)
		if v == nil || v.Retired {
			return privacy.Skip
		}
		for _, r := range roles {
			if v.Role == r {
				return privacy.Allow
			}
		}
		return privacy.Skip
	})
}

// DenyUnlessRoles denies viewers whose role is not listed, or whose unit was dissolved, and
// skips otherwise.
func DenyUnlessRoles(what string, roles ...viewer.Role) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, _ ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v != nil && v.Retired {
			return deny(ctx, what+": your unit has been dissolved")
		}
		if v != nil {
			for _, r := range roles {
				if v.Role == r {
					return privacy.Skip
				}
			}
		}
		return deny(ctx, what)
	})
}

// DenyOps denies the listed operations to everyone but the system.
func DenyOps(what string, op ent.Op) privacy.MutationRule {
	return privacy.OnMutationOperation(privacy.MutationRuleFunc(func(ctx context.Context, _ ent.Mutation) error {
		return deny(ctx, what)
	}), op)
}

// InScope allows a write by a signed-in viewer when the collective that setField names lies
// in the viewer's scope, and limits updates to rows whose rowField lies in scope. A create
// must name the collective; an update may leave it alone.
func InScope(what, setField, rowField string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return deny(ctx, what)
		}
		id, set := intField(m, setField)
		if set && !v.InScope(id) {
			return deny(ctx, what+" outside your scope")
		}
		if m.Op().Is(ent.OpCreate) {
			if !set {
				return deny(ctx, what+" outside your scope")
			}
			return privacy.Allow
		}
		f, ok := m.(interface{ WhereP(...func(*sql.Selector)) })
		if !ok {
			return deny(ctx, what)
		}
		f.WhereP(sql.FieldIn(rowField, v.Scope...))
		return privacy.Allow
	})
}

func intField(m ent.Mutation, name string) (int, bool) {
	v, ok := m.Field(name)
	if !ok {
		return 0, false
	}
	id, ok := v.(int)
	return id, ok
}

// The visibility of private rows, one predicate per entity. The query rules below filter what
// a query returns with them, and filter.Guard adds them to every where input that reaches
// these entities from another type (hasAwardsWith, hasNominationsWith, …), so a filter cannot
// count or test rows its caller may not read. A nil predicate means everything is visible.

// AwardVisible: anonymous callers see public awards; signed-in viewers also the private ones
// of recipients in their scope.
func AwardVisible(v *viewer.Viewer) func(*sql.Selector) {
	switch {
	case v.Admin():
		return nil
	case v == nil:
		return func(s *sql.Selector) { s.Where(sql.EQ(s.C(award.FieldPublic), true)) }
	}
	return func(s *sql.Selector) {
		scope := anyInts(v.Scope)
		positions := sql.Select(position.FieldIndividualID).From(sql.Table(position.Table)).
			Where(sql.In(position.FieldCollectiveID, scope...))
		s.Where(sql.Or(
			sql.EQ(s.C(award.FieldPublic), true),
			sql.In(s.C(award.FieldCollectiveID), scope...),
			sql.In(s.C(award.FieldIndividualID), positions),
		))
	}
}

// NominationVisible: signed-in viewers see the nominations their scope proposed or must
// review; anonymous callers none.
func NominationVisible(v *viewer.Viewer) func(*sql.Selector) {
	switch {
	case v.Admin():
		return nil
	case v == nil:
		return none
	}
	scope := anyInts(v.Scope)
	return func(s *sql.Selector) { s.Where(nominationInScope(s.C, scope)) }
}

// nominationInScope: proposed or under review inside the scope; column qualifies the
// nominations table's columns.
func nominationInScope(column func(string) string, scope []any) *sql.Predicate {
	return sql.Or(sql.In(column(nomination.FieldProposerID), scope...), sql.In(column(nomination.FieldReviewerID), scope...))
}

// NominationEventVisible: a nomination's history is visible with the nomination.
func NominationEventVisible(v *viewer.Viewer) func(*sql.Selector) {
	return withNomination(v, nominationevent.FieldNominationID)
}

// NominationDocumentVisible: a nomination's documents are visible with the nomination.
func NominationDocumentVisible(v *viewer.Viewer) func(*sql.Selector) {
	return withNomination(v, nominationdocument.FieldNominationID)
}

// withNomination shows the rows whose column names a nomination the viewer may read.
func withNomination(v *viewer.Viewer, column string) func(*sql.Selector) {
	switch {
	case v.Admin():
		return nil
	case v == nil:
		return none
	}
	scope := anyInts(v.Scope)
	return func(s *sql.Selector) {
		visible := sql.Select(nomination.FieldID).From(sql.Table(nomination.Table)).
			Where(nominationInScope(func(c string) string { return c }, scope))
		s.Where(sql.In(s.C(column), visible))
	}
}

// UserVisible: federation admins see the accounts of their scope, everyone else themselves.
func UserVisible(v *viewer.Viewer) func(*sql.Selector) {
	switch {
	case v.Admin():
		return nil
	case v == nil:
		return none
	case v.Role == viewer.RoleFederationAdmin:
		scope := anyInts(v.Scope)
		return func(s *sql.Selector) {
			s.Where(sql.Or(sql.EQ(s.C(user.FieldID), v.UserID), sql.In(s.C(user.FieldScopeID), scope...)))
		}
	}
	return func(s *sql.Selector) { s.Where(sql.EQ(s.C(user.FieldID), v.UserID)) }
}

// AuditEventVisible: the audit log is for administrators.
func AuditEventVisible(v *viewer.Viewer) func(*sql.Selector) {
	if v.Admin() {
		return nil
	}
	return none
}

// none matches no row.
func none(s *sql.Selector) { s.Where(sql.False()) }

// filterBy narrows a query to the visible rows, or denies anonymous callers outright where
// nothing is visible to them (an error says more than an empty list).
func filterBy[P ~func(*sql.Selector), Q any](ctx context.Context, where func(...P) Q, what string, visible func(*viewer.Viewer) func(*sql.Selector), anonymousDenied bool) error {
	v := viewer.FromContext(ctx)
	if v == nil && anonymousDenied {
		return deny(ctx, what)
	}
	if p := visible(v); p != nil {
		where(P(p))
	}
	return privacy.Allow
}

// FilterAwards limits award queries to the visible awards.
func FilterAwards() privacy.QueryRule {
	return privacy.AwardQueryRuleFunc(func(ctx context.Context, q *ent.AwardQuery) error {
		return filterBy(ctx, q.Where, "read awards", AwardVisible, false)
	})
}

// FilterNominations limits nomination queries to the visible nominations. Anonymous callers
// are refused: nomination texts are private.
func FilterNominations() privacy.QueryRule {
	return privacy.NominationQueryRuleFunc(func(ctx context.Context, q *ent.NominationQuery) error {
		return filterBy(ctx, q.Where, "read nominations", NominationVisible, true)
	})
}

// FilterNominationEvents shows a nomination's history to those who may see the nomination.
func FilterNominationEvents() privacy.QueryRule {
	return privacy.NominationEventQueryRuleFunc(func(ctx context.Context, q *ent.NominationEventQuery) error {
		return filterBy(ctx, q.Where, "read nomination history", NominationEventVisible, true)
	})
}

// FilterNominationDocuments shows a nomination's documents to those who may read it.
func FilterNominationDocuments() privacy.QueryRule {
	return privacy.NominationDocumentQueryRuleFunc(func(ctx context.Context, q *ent.NominationDocumentQuery) error {
		return filterBy(ctx, q.Where, "read nomination documents", NominationDocumentVisible, true)
	})
}

// FilterUsers shows federation admins the users of their scope, and everyone else themselves.
func FilterUsers() privacy.QueryRule {
	return privacy.UserQueryRuleFunc(func(ctx context.Context, q *ent.UserQuery) error {
		return filterBy(ctx, q.Where, "read user accounts", UserVisible, true)
	})
}

// WebhookVisible: a federation's endpoints are seen by administrators of its scope.
func WebhookVisible(v *viewer.Viewer) func(*sql.Selector) {
	switch {
	case v.Admin():
		return nil
	case v == nil || v.Role != viewer.RoleFederationAdmin:
		return none
	}
	scope := anyInts(v.Scope)
	return func(s *sql.Selector) { s.Where(sql.In(s.C(webhook.FieldCollectiveID), scope...)) }
}

// FilterWebhooks shows a federation's endpoints to its administrators.
func FilterWebhooks() privacy.QueryRule {
	return privacy.WebhookQueryRuleFunc(func(ctx context.Context, q *ent.WebhookQuery) error {
		return filterBy(ctx, q.Where, "read webhooks", WebhookVisible, true)
	})
}

// FilterWebhookDeliveries shows deliveries with their webhook.
func FilterWebhookDeliveries() privacy.QueryRule {
	return privacy.WebhookDeliveryQueryRuleFunc(func(ctx context.Context, q *ent.WebhookDeliveryQuery) error {
		return filterBy(ctx, q.Where, "read webhook deliveries", withWebhook(webhookdelivery.FieldWebhookID), true)
	})
}

// FilterWebhookAttempts shows the delivery log with its webhook.
func FilterWebhookAttempts() privacy.QueryRule {
	return privacy.WebhookAttemptQueryRuleFunc(func(ctx context.Context, q *ent.WebhookAttemptQuery) error {
		return filterBy(ctx, q.Where, "read webhook deliveries", within(webhookattempt.FieldDeliveryID,
			webhookdelivery.Table, webhookdelivery.FieldID, withWebhook(webhookdelivery.FieldWebhookID)), true)
	})
}

// withWebhook shows the rows whose column names a webhook the viewer may read.
func withWebhook(column string) func(*viewer.Viewer) func(*sql.Selector) {
	return within(column, webhook.Table, webhook.FieldID, WebhookVisible)
}

// within shows the rows whose column names a row of table (by its id column) that visible
// shows the viewer: a webhook's deliveries, a delivery's attempts.
func within(column, table, id string, visible func(*viewer.Viewer) func(*sql.Selector)) func(*viewer.Viewer) func(*sql.Selector) {
	return func(v *viewer.Viewer) func(*sql.Selector) {
		p := visible(v)
		if p == nil {
			return nil
		}
		return func(s *sql.Selector) {
			rows := sql.Select(id).From(sql.Table(table))
			p(rows)
			s.Where(sql.In(s.C(column), rows))
		}
	}
}

// MayManageWebhook allows changing a webhook of collectiveID, or redelivering its events:
// administrators, and federation administrators of a scope that holds it.
func MayManageWebhook(ctx context.Context, collectiveID int) error {
	v := viewer.FromContext(ctx)
	if v.Admin() || (v != nil && !v.Retired && v.Role == viewer.RoleFederationAdmin && v.InScope(collectiveID)) {
		return nil
	}
	return viewer.Refusal(ctx, "manage webhooks")
}

func anyInts(ids []int) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	if len(out) == 0 {
		out = append(out, -1) // an empty IN () is not valid SQL everywhere
	}
	return out
}

// NominationScope allows proposing nominations from inside the scope and limits changes to
// nominations the scope proposed or must review.
func NominationScope() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return deny(ctx, "change nominations")
		}
		if id, set := intField(m, nomination.FieldProposerID); set && !v.InScope(id) {
			return deny(ctx, "propose nominations outside your scope")
		}
		if m.Op().Is(ent.OpCreate) {
			if _, set := intField(m, nomination.FieldProposerID); !set {
				return deny(ctx, "propose nominations outside your scope")
			}
			return privacy.Allow
		}
		f, ok := m.(interface{ WhereP(...func(*sql.Selector)) })
		if !ok {
			return deny(ctx, "change nominations")
		}
		f.WhereP(NominationVisible(v))
		return privacy.Allow
	})
}

// PresenterScope allows recording presenters of ceremonies organised inside the viewer's
// scope, and limits changes to those.
func PresenterScope() privacy.MutationRule {
	return privacy.CeremonyPresenterMutationRuleFunc(func(ctx context.Context, m *ent.CeremonyPresenterMutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return deny(ctx, "record presenters")
		}
		if id, set := m.CeremonyID(); set {
			organizer, err := m.Client().Ceremony.Query().Where(ceremony.ID(id)).
				Select(ceremony.FieldOrganizerID).Int(SystemContext(ctx))
			if err != nil && !ent.IsNotFound(err) {
				return fmt.Errorf("load ceremony %d: %w", id, err)
			}
			if err != nil || !v.InScope(organizer) {
				return deny(ctx, "record presenters of ceremonies outside your scope")
			}
		}
		if m.Op().Is(ent.OpCreate) {
			return privacy.Allow
		}
		scope := anyInts(v.Scope)
		m.WhereP(func(s *sql.Selector) {
			own := sql.Select(ceremony.FieldID).From(sql.Table(ceremony.Table)).Where(sql.In(ceremony.FieldOrganizerID, scope...))
			s.Where(sql.In(s.C(ceremonypresenter.FieldCeremonyID), own))
		})
		return privacy.Allow
	})
}

// MayReorganise allows administrators to reorganise any units, and federation administrators
// the units of their own subtree (every unit moved, dissolved, named as new parent or
// successor).
func MayReorganise(ctx context.Context, units []int) error {
	if d, ok := privacy.DecisionFromContext(ctx); ok && d == nil { // ent reports an Allow decision as nil
		return nil // the system: seeding, migrations
	}
	v := viewer.FromContext(ctx)
	switch {
	case v.Admin():
		return nil
	case v == nil || v.Role != viewer.RoleFederationAdmin || !v.CanWrite():
		return deny(ctx, "reorganise units")
	}
	for _, u := range units {
		if !v.InScope(u) {
			return deny(ctx, fmt.Sprintf("reorganise collective %d, outside your scope", u))
		}
	}
	return nil
}

// NoSelfGrants stops anyone, administrators included, from changing their own role or
// scope: a second person must.
func NoSelfGrants() privacy.MutationRule {
	return privacy.UserMutationRuleFunc(func(ctx context.Context, m *ent.UserMutation) error {
		v := viewer.FromContext(ctx)
		id, ok := m.ID()
		if v == nil || !ok || id != v.UserID {
			return privacy.Skip
		}
		_, role := m.Role()
		_, scope := m.ScopeID()
		if role || scope || m.ScopeCleared() {
			return deny(ctx, "change your own role or scope")
		}
		return privacy.Skip
	})
}

// NoAdminGrants stops anyone but an administrator from creating or promoting administrators.
func NoAdminGrants() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if role, ok := m.Field("role"); ok && fmt.Sprint(role) == string(viewer.RoleAdmin) && !viewer.FromContext(ctx).Admin() {
			return deny(ctx, "grant the ADMIN role")
		}
		return privacy.Skip
	})
}

// MayRecordDecision says whether the viewer may enter a decision already signed on paper by
// the issuer: administrators for any body; staff for their own unit; and, for a body that
// keeps no accounts in Vinh Danh (a Phòng GD&ĐT, a UBND), the staff of a federation, who must
// then hold every recipient in their scope (coverRecipients).
func MayRecordDecision(ctx context.Context, issuerID int, issuerKeepsAccounts bool) (coverRecipients bool, err error) {
	v := viewer.FromContext(ctx)
	switch {
	case v.Admin():
		return false, nil
	case !v.CanWrite():
		return false, deny(ctx, "record decisions")
	case v.ScopeID == issuerID:
		return false, nil
	case issuerKeepsAccounts:
		return false, deny(ctx, fmt.Sprintf("record decisions of collective %d, which records its own", issuerID))
	}
	return true, nil
}

type recordingKey struct{}

// RecordingFor marks ctx as entering the paper decision of issuer, a body that keeps no
// accounts, after MayRecordDecision allowed it: the federation's staff may then create that
// body's decision (AllowRecording), which their scope alone would not allow.
func RecordingFor(ctx context.Context, issuerID int) context.Context {
	return context.WithValue(ctx, recordingKey{}, issuerID)
}

// AllowRecording allows creating the decision of the issuer RecordingFor names, and nothing else.
func AllowRecording() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		issuer, ok := ctx.Value(recordingKey{}).(int)
		if !ok || !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		if id, set := intField(m, "issuer_id"); set && id == issuer {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// PresentAwards allows staff to attach conferred awards to the ceremony where they are
// presented, after their decision, and nothing else: an update of one award that sets only its
// ceremony, limited to awards whose decision was issued inside the viewer's scope. The
// ceremony rules themselves are the award hook's (ent/schema.CeremonyAccepts).
func PresentAwards() privacy.MutationRule {
	return privacy.OnMutationOperation(privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		for _, f := range m.Fields() {
			if f != award.FieldCeremonyID && f != award.FieldUpdateTime {
				return privacy.Skip
			}
		}
		if len(m.ClearedFields()) > 0 {
			return privacy.Skip
		}
		if _, ok := m.Field(award.FieldCeremonyID); !ok {
			return privacy.Skip
		}
		v := viewer.FromContext(ctx)
		if !v.CanWrite() {
			return deny(ctx, "present awards at a ceremony")
		}
		f, ok := m.(interface{ WhereP(...func(*sql.Selector)) })
		if !ok {
			return deny(ctx, "present awards at a ceremony")
		}
		scope := anyInts(v.Scope)
		f.WhereP(func(s *sql.Selector) {
			issued := sql.Select(decision.FieldID).From(sql.Table(decision.Table)).Where(sql.In(decision.FieldIssuerID, scope...))
			s.Where(sql.In(s.C(award.FieldDecisionID), issued))
		})
		return privacy.Allow
	}), ent.OpUpdateOne)
}
