package workflow

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/position"
	"vinhdanh/ent/user"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/tree"
	"vinhdanh/internal/viewer"
)

// RecordInput is a decision already signed on paper, entered with its awards.
type RecordInput struct {
	Number, SignerName, SignerTitle string
	SignedOn                        time.Time
	IssuerID                        int
	DocumentReference               string
	Awards                          []RecordedAward
	// MaxAwards bounds the list; 0 is MaxBatch, the API's bound. An import of a decision's
	// whole list allows more.
	MaxAwards int
}

// RecordedAward is one award of a recorded decision.
type RecordedAward struct {
	RecipientKind              enum.RecipientKind
	CollectiveID, IndividualID *int
	LevelID                    int
	PeriodKind                 *enum.PeriodKind
	PeriodStartYear            *int
	PeriodEndYear              *int
	MovementID, CeremonyID     *int
	Citation                   string
	Public                     bool
}

// RecordDecision enters a decision from its paper: the decision and its awards in the
// caller's transaction, without nominations, each award marked as recorded from the document.
// The record's invariants hold as for decisions issued in the system (ent/schema hooks and
// constraints: one award per recipient, level, period and movement; recipients inside the
// issuer during the period; ceremony rules; canonical text); a failing award fails the whole
// call, naming its position in the list.
func RecordDecision(ctx context.Context, c *ent.Client, in RecordInput) (*ent.Decision, error) {
	if err := checkRecord(in); err != nil {
		return nil, err
	}
	sys := rule.SystemContext(ctx)
	issuer, err := c.Collective.Get(sys, in.IssuerID)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("issuerID", "collective %d does not exist", in.IssuerID)
	}
	if err != nil {
		return nil, fmt.Errorf("load issuer %d: %w", in.IssuerID, err)
	}
	keepsAccounts, err := c.User.Query().Where(user.ScopeID(issuer.ID), user.Active(true)).Exist(sys)
	if err != nil {
		return nil, fmt.Errorf("accounts of collective %d: %w", issuer.ID, err)
	}
	coverRecipients, err := rule.MayRecordDecision(ctx, issuer.ID, keepsAccounts)
	if err != nil {
		return nil, err
	}
	if coverRecipients {
		// The body keeps no accounts; the caller enters its decision for it, and every
		// recipient must lie in the caller's scope (checked below).
		ctx = rule.RecordingFor(ctx, issuer.ID)
	}
	levels, err := c.AwardLevel.Query().All(sys)
	if err != nil {
		return nil, fmt.Errorf("load award levels: %w", err)
	}
	levelKind := make(map[int]enum.CollectiveKind, len(levels))
	for _, l := range levels {
		levelKind[l.ID] = l.IssuerKind
	}
	dec, err := c.Decision.Create().SetNumber(strings.TrimSpace(in.Number)).SetSignedOn(in.SignedOn).
		SetSignerName(in.SignerName).SetSignerTitle(in.SignerTitle).SetIssuerID(issuer.ID).
		SetDocumentReference(strings.TrimSpace(in.DocumentReference)).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "number",
			Message: fmt.Sprintf("%s has already a decision numbered %s", issuer.Name, in.Number)}
	}
	if err != nil {
		return nil, fmt.Errorf("create decision %s: %w", in.Number, err)
	}
	v := viewer.FromContext(ctx)
	for i, a := range in.Awards {
		field := fmt.Sprintf("awards[%d]", i)
		kind, ok := levelKind[a.LevelID]
		switch {
		case !ok:
			return nil, apperr.Invalid(field+".levelID", "award %d: level %d does not exist", i+1, a.LevelID)
		case kind != issuer.Kind:
			return nil, apperr.Invalid(field+".levelID", "award %d: this level is not given by %s", i+1, issuer.Name)
		}
		b := c.Award.Create().SetRecipientKind(a.RecipientKind).SetLevelID(a.LevelID).SetDecisionID(dec.ID).
			SetNillableCeremonyID(a.CeremonyID).SetNillableMovementID(a.MovementID).SetPublic(a.Public).
			SetNillablePeriodKind(a.PeriodKind).SetNillablePeriodStartYear(a.PeriodStartYear).SetNillablePeriodEndYear(a.PeriodEndYear).
			SetCitation(a.Citation).SetRecordedFrom(strings.TrimSpace(in.DocumentReference))
		nominee := tree.Nominee{Kind: a.RecipientKind, Period: period.Of(a.PeriodKind, a.PeriodStartYear, a.PeriodEndYear)}
		switch {
		case a.RecipientKind == enum.RecipientCollective && a.CollectiveID != nil && a.IndividualID == nil:
			col, err := c.Collective.Get(sys, *a.CollectiveID)
			if ent.IsNotFound(err) {
				return nil, apperr.Invalid(field+".collectiveID", "award %d: collective %d does not exist", i+1, *a.CollectiveID)
			} else if err != nil {
				return nil, fmt.Errorf("load collective %d: %w", *a.CollectiveID, err)
			}
			b.SetCollectiveID(col.ID).SetRecipientName(col.Name)
			nominee.CollectiveID = col.ID
		case a.RecipientKind == enum.RecipientIndividual && a.IndividualID != nil && a.CollectiveID == nil:
			person, err := c.Individual.Get(sys, *a.IndividualID)
			if ent.IsNotFound(err) {
				return nil, apperr.Invalid(field+".individualID", "award %d: individual %d does not exist", i+1, *a.IndividualID)
			} else if err != nil {
				return nil, fmt.Errorf("load individual %d: %w", *a.IndividualID, err)
			}
			b.SetIndividualID(person.ID).SetRecipientName(person.FullName)
			if pos, err := positionOn(ctx, c, person.ID, in.SignedOn); err != nil {
				return nil, err
			} else if pos != nil {
				b.SetRecipientPosition(pos.Title).SetRecipientUnit(pos.Edges.Collective.Name)
			}
			nominee.IndividualID = person.ID
		default:
			return nil, apperr.Invalid(field+".recipientKind", "award %d: name one recipient, a collective or an individual, matching recipientKind", i+1)
		}
		if coverRecipients {
			if ok, err := tree.Covers(ctx, c, v.ScopeID, nominee); err != nil {
				return nil, err
			} else if !ok {
				return nil, viewer.Refusal(ctx, fmt.Sprintf("record award %d: its recipient is outside your scope", i+1))
			}
		}
		if err := b.Exec(ctx); err != nil {
			return nil, inAward(i, field, err)
		}
	}
	return dec, nil
}

func checkRecord(in RecordInput) error {
	switch {
	case strings.TrimSpace(in.Number) == "":
		return apperr.Invalid("number", "a decision needs its number, e.g. 163/QĐ-UBND")
	case strings.TrimSpace(in.DocumentReference) == "":
		return apperr.Invalid("documentReference", "say where the paper decision is kept (an archive reference, a file, a link)")
	case in.SignedOn.IsZero() || in.SignedOn.After(time.Now()):
		return apperr.Invalid("signedOn", "a recorded decision was signed on a past day")
	case len(in.Awards) == 0 || len(in.Awards) > cmp.Or(in.MaxAwards, MaxBatch):
		return apperr.Invalid("awards", "a decision confers between 1 and %d awards", cmp.Or(in.MaxAwards, MaxBatch))
	}
	return nil
}

// inAward names the award of the list an error is about; the award key's constraint is a
// conflict with an award already recorded.
func inAward(i int, field string, err error) error {
	if e, ok := apperr.As(err); ok {
		out := *e
		out.Message = fmt.Sprintf("award %d: %s", i+1, e.Message)
		if e.Field != "" {
			out.Field = field + "." + e.Field
		} else {
			out.Field = field
		}
		return &out
	}
	if ent.IsConstraintError(err) {
		return &apperr.Error{Code: apperr.Conflict, Field: field, Err: err,
			Message: fmt.Sprintf("award %d: the recipient already has this award for this period and movement", i+1)}
	}
	return fmt.Errorf("record award %d: %w", i+1, err)
}

// positionOn is the individual's post open on day that started last, for the snapshot of a
// recorded award: where the person was when the decision was signed.
func positionOn(ctx context.Context, c *ent.Client, individualID int, day time.Time) (*ent.Position, error) {
	p, err := c.Position.Query().
		Where(position.IndividualID(individualID),
			position.Or(position.StartDateIsNil(), position.StartDateLTE(day)),
			position.Or(position.EndDateIsNil(), position.EndDateGT(day))).
		Order(ent.Desc(position.FieldStartDate), ent.Desc(position.FieldID)).
		WithCollective().First(rule.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load position of individual %d: %w", individualID, err)
	}
	return p, nil
}

// Amendment is a correction of a decision's text; nil fields stay as they are.
type Amendment struct {
	Number, SignerName, SignerTitle, DocumentReference *string
	SignedOn                                           *time.Time
}

// AmendDecision corrects a decision as entered and keeps what it read before, with the reason,
// as a DecisionAmendment (and in the audit). The issuer never changes; the number stays unique
// for it; a new date must still precede the ceremonies of its awards (ent/schema hooks).
func AmendDecision(ctx context.Context, c *ent.Client, id int, in Amendment, reason string) (*ent.Decision, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, apperr.Invalid("reason", "say why the decision is corrected")
	}
	dec, err := c.Decision.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("decision %d not found", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("load decision %d: %w", id, err)
	}
	before, after := map[string]any{}, map[string]any{}
	u := c.Decision.UpdateOneID(id)
	change := func(name string, old, new any, set func()) {
		if old != new {
			before[name], after[name] = old, new
			set()
		}
	}
	if in.Number != nil {
		n := strings.TrimSpace(*in.Number)
		if n == "" {
			return nil, apperr.Invalid("number", "a decision needs its number")
		}
		change("number", dec.Number, n, func() { u.SetNumber(n) })
	}
	if in.SignedOn != nil {
		old := ""
		if dec.SignedOn != nil {
			old = dec.SignedOn.Format(time.DateOnly)
		}
		change("signedOn", old, in.SignedOn.Format(time.DateOnly), func() { u.SetSignedOn(*in.SignedOn) })
	}
	if in.SignerName != nil {
		change("signerName", dec.SignerName, *in.SignerName, func() { u.SetSignerName(*in.SignerName) })
	}
	if in.SignerTitle != nil {
		change("signerTitle", dec.SignerTitle, *in.SignerTitle, func() { u.SetSignerTitle(*in.SignerTitle) })
	}
	if in.DocumentReference != nil {
		old := ""
		if dec.DocumentReference != nil {
			old = *dec.DocumentReference
		}
		change("documentReference", old, *in.DocumentReference, func() { u.SetDocumentReference(*in.DocumentReference) })
	}
	if len(after) == 0 {
		return nil, apperr.Invalid("input", "the correction changes nothing")
	}
	dec, err = u.Save(ctx)
	if ent.IsNotFound(err) {
		// It was just read: the update's scope filter (internal/rule) left it out.
		return nil, forbidden(ctx, fmt.Sprintf("correct decision %d of another unit", id))
	}
	if ent.IsConstraintError(err) {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "number",
			Message: fmt.Sprintf("the issuer already has a decision numbered %s", *in.Number)}
	}
	if err != nil {
		return nil, err
	}
	b := c.DecisionAmendment.Create().SetDecisionID(id).SetReason(reason).
		SetBefore(encodeJSON(before)).SetAfter(encodeJSON(after)).SetCreateTime(now())
	if v := viewer.FromContext(ctx); v != nil {
		b.SetActorID(v.UserID).SetActorName(v.Name)
	}
	if err := b.Exec(ctx); err != nil {
		return nil, fmt.Errorf("record the amendment of decision %d: %w", id, err)
	}
	return dec, nil
}

func encodeJSON(v map[string]any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// PresentAwards attaches conferred awards to the ceremony where they were presented, after
// their decisions, all or nothing: by staff of the units that issued them (internal/rule),
// under the ceremony rules (ent/schema hooks).
func PresentAwards(ctx context.Context, c *ent.Client, ceremonyID int, awardIDs []int) ([]*ent.Award, error) {
	if len(awardIDs) == 0 || len(awardIDs) > MaxBatch {
		return nil, apperr.Invalid("awardIDs", "name between 1 and %d awards", MaxBatch)
	}
	out := make([]*ent.Award, 0, len(awardIDs))
	for i, id := range awardIDs {
		field := fmt.Sprintf("awardIDs[%d]", i)
		a, err := c.Award.UpdateOneID(id).SetCeremonyID(ceremonyID).Save(ctx)
		if ent.IsNotFound(err) {
			// Not an award, or one decided outside the viewer's units: the same answer, so
			// that a refusal tells nothing of awards the viewer may not see.
			return nil, &apperr.Error{Code: apperr.NotFound, Field: field,
				Message: fmt.Sprintf("award %d: not found among the awards your unit issued", id)}
		}
		if err != nil {
			return nil, inAward(i, field, err)
		}
		out = append(out, a)
	}
	return out, nil
}
