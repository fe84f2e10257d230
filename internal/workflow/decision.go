package workflow

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/nomination"
	"vinhdanh/ent/position"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/eligibility"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/viewer"
)

// DecisionInput is a decision that confers awards on approved nominations.
type DecisionInput struct {
	Number        string
	SignedOn      time.Time
	SignerName    string
	SignerTitle   string
	NominationIDs []int
	CeremonyID    *int
	IssuerID      *int // administrators name the issuer; everyone else issues for their own unit
}

// IssueDecision creates the decision and one award per nomination, all or nothing. Any
// nomination that is not approved, is already awarded, or is for a level the issuer does not
// give fails the whole call, naming the offending IDs.
func IssueDecision(ctx context.Context, c *ent.Client, in DecisionInput) (*ent.Decision, error) {
	v := viewer.FromContext(ctx)
	if !v.CanWrite() {
		return nil, forbidden(ctx, "issue decisions")
	}
	issuerID := v.ScopeID
	if in.IssuerID != nil {
		if !v.Admin() && *in.IssuerID != v.ScopeID {
			return nil, forbidden(ctx, "issue decisions for another unit")
		}
		issuerID = *in.IssuerID
	}
	if issuerID == 0 {
		return nil, apperr.Invalid("issuerID", "name the issuing collective")
	}
	if strings.TrimSpace(in.Number) == "" {
		return nil, apperr.Invalid("number", "a decision needs its number, e.g. 163/QĐ-LĐLĐ")
	}
	ids := slices.Clone(in.NominationIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 || len(ids) > MaxBatch {
		return nil, apperr.Invalid("nominationIDs", "a decision confers between 1 and %d awards", MaxBatch)
	}
	issuer, err := c.Collective.Get(ctx, issuerID)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("issuerID", "collective %d does not exist", issuerID)
	}
	if err != nil {
		return nil, fmt.Errorf("load issuer %d: %w", issuerID, err)
	}
	noms, err := c.Nomination.Query().Where(nomination.IDIn(ids...)).
		WithLevel().WithAward().WithCollective().WithIndividual().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load nominations: %w", err)
	}
	if err := checkAwardable(ids, noms, issuer, v); err != nil {
		return nil, err
	}
	// Approval checked eligibility, but much may have happened since: check again in this
	// transaction, and refuse the whole decision naming every nomination that fails.
	if err := checkEligible(ctx, c, noms); err != nil {
		return nil, err
	}
	dec, err := c.Decision.Create().SetNumber(strings.TrimSpace(in.Number)).SetSignedOn(in.SignedOn).
		SetSignerName(in.SignerName).SetSignerTitle(in.SignerTitle).SetIssuerID(issuerID).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "number",
			Message: fmt.Sprintf("%s has already issued a decision numbered %s", issuer.Name, in.Number)}
	}
	if err != nil {
		return nil, fmt.Errorf("create decision %s: %w", in.Number, err)
	}
	// One row at a time, conditional on APPROVED: of two decisions racing for one nomination,
	// one wins, and the audit log records each nomination as it was.
	for _, n := range noms {
		updated, err := c.Nomination.UpdateOneID(n.ID).Where(nomination.StatusEQ(nomination.StatusAPPROVED)).
			SetStatus(nomination.StatusAWARDED).AddVersion(1).Save(ctx)
		if ent.IsNotFound(err) || (err == nil && !applied(updated, n.Version)) {
			return nil, &apperr.Error{Code: apperr.Conflict, Field: "nominationIDs",
				Message: fmt.Sprintf("nomination %d was awarded or changed meanwhile: reload it and try again", n.ID)}
		}
		if err != nil {
			return nil, fmt.Errorf("mark nomination %d awarded: %w", n.ID, err)
		}
	}
	builders := make([]*ent.AwardCreate, 0, len(noms))
	for _, n := range noms {
		b := c.Award.Create().SetRecipientKind(n.RecipientKind).SetLevelID(n.LevelID).SetDecisionID(dec.ID).
			SetNominationID(n.ID).SetNillableCeremonyID(in.CeremonyID).SetNillableMovementID(n.MovementID).
			SetNillablePeriodKind(n.PeriodKind).SetNillablePeriodStartYear(n.PeriodStartYear).SetNillablePeriodEndYear(n.PeriodEndYear)
		if n.RecipientKind == enum.RecipientCollective {
			b.SetCollectiveID(*n.CollectiveID).SetRecipientName(n.Edges.Collective.Name)
		} else {
			b.SetIndividualID(*n.IndividualID).SetRecipientName(n.Edges.Individual.FullName)
			if pos, err := currentPosition(ctx, c, *n.IndividualID); err != nil {
				return nil, err
			} else if pos != nil {
				b.SetRecipientPosition(pos.Title).SetRecipientUnit(pos.Edges.Collective.Name)
			}
		}
		builders = append(builders, b)
	}
	if err := c.Award.CreateBulk(builders...).Exec(ctx); ent.IsConstraintError(err) {
		// The unique award key: a concurrent decision awarded the same recipient first.
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "nominationIDs", Err: err,
			Message: "a recipient of this decision was awarded the same level for the same period meanwhile: reload and try again"}
	} else if err != nil {
		return nil, fmt.Errorf("create awards of decision %s: %w", in.Number, err)
	}
	for _, n := range noms {
		if err := record(ctx, c, n.ID, "AWARD", nomination.StatusAPPROVED, nomination.StatusAWARDED, "Quyết định "+dec.Number); err != nil {
			return nil, err
		}
	}
	return dec, nil
}

func checkAwardable(ids []int, noms []*ent.Nomination, issuer *ent.Collective, v *viewer.Viewer) error {
	found := make(map[int]*ent.Nomination, len(noms))
	for _, n := range noms {
		found[n.ID] = n
	}
	var problems []string
	for _, id := range ids {
		n, ok := found[id]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%d (not found)", id))
		case n.Edges.Award != nil || n.Status == nomination.StatusAWARDED:
			problems = append(problems, fmt.Sprintf("%d (already awarded)", id))
		case n.Status != nomination.StatusAPPROVED:
			problems = append(problems, fmt.Sprintf("%d (%s, not approved)", id, n.Status))
		case n.Edges.Level.IssuerKind != issuer.Kind:
			problems = append(problems, fmt.Sprintf("%d (%s is not issued by %s)", id, n.Edges.Level.Name, issuer.Name))
		case !v.Admin() && (n.ReviewerID == nil || *n.ReviewerID != issuer.ID):
			problems = append(problems, fmt.Sprintf("%d (approved by another federation)", id))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return apperr.Invalid("nominationIDs", "cannot award nominations %s", strings.Join(problems, ", "))
	}
	return nil
}

// checkEligible runs the eligibility checks on every nomination of a decision.
func checkEligible(ctx context.Context, c *ent.Client, noms []*ent.Nomination) error {
	var problems []string
	for _, n := range noms {
		res, err := eligibility.Check(ctx, c, n)
		if err != nil {
			return err
		}
		for _, r := range res.Reasons {
			problems = append(problems, fmt.Sprintf("%d (%s: %s)", n.ID, r.Code, r.Message))
		}
	}
	if len(problems) > 0 {
		return apperr.Invalid("nominationIDs", "cannot award nominations %s", strings.Join(problems, ", "))
	}
	return nil
}

// currentPosition is the individual's open position that started last, for the snapshot.
func currentPosition(ctx context.Context, c *ent.Client, individualID int) (*ent.Position, error) {
	p, err := c.Position.Query().
		Where(position.IndividualID(individualID), position.EndDateIsNil()).
		Order(ent.Desc(position.FieldStartDate), ent.Desc(position.FieldID)).
		WithCollective().First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load position of individual %d: %w", individualID, err)
	}
	return p, nil
}

// MaxBatch is the most nominations one call (a bulk action, a decision) may name.
const MaxBatch = 200

// Item names one nomination of a bulk call.
type Item struct {
	ID              int
	ExpectedVersion int
}

// Outcome is what happened to one item of a bulk call.
type Outcome struct {
	ID         int
	Nomination *ent.Nomination
	Err        *apperr.Error
}

// Bulk takes the same action on many nominations. Each succeeds or fails on its own and is
// reported separately; an unexpected error (a database failure) fails the whole call.
func Bulk(ctx context.Context, c *ent.Client, items []Item, action Action, comment string) ([]*Outcome, error) {
	if len(items) == 0 || len(items) > MaxBatch {
		return nil, apperr.Invalid("items", "send between 1 and %d nominations", MaxBatch)
	}
	out := make([]*Outcome, 0, len(items))
	for _, it := range items {
		n, err := Transition(ctx, c, it.ID, it.ExpectedVersion, action, comment)
		if e, ok := apperr.As(err); ok {
			out = append(out, &Outcome{ID: it.ID, Err: e})
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, &Outcome{ID: it.ID, Nomination: n})
	}
	return out, nil
}
