package schema

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"time"

	"entgo.io/ent"

	gen "vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/ceremony"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/hook"
	"vinhdanh/ent/nomination"
	"vinhdanh/ent/position"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/awardkey"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/posted"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/tree"
)

// The invariants of the record that every write passes, whatever path it comes from (the
// workflow, the admin mutations, the seed, a future import): one valid award per recipient,
// level, period and movement; nominees inside the proposer's subtree; awards only for
// recipients inside the issuer's subtree and only in ceremonies the issuer may present at.
// Database constraints back the first (a unique key) where a race could slip past a check.

// keyFields are the fields an award key is made of.
var keyFields = []string{"recipient_kind", "collective_id", "individual_id", "level_id",
	"period_kind", "period_start_year", "period_end_year", "movement_id"}

// current returns what the named field will hold after the mutation: the new value when it
// sets one, nil when it clears it, the stored value otherwise (one-row updates only). Pointers
// are dereferenced, so a nillable field reads as its value or nil.
func current(ctx context.Context, m ent.Mutation, name string) (any, error) {
	if v, ok := m.Field(name); ok {
		return v, nil
	}
	if m.FieldCleared(name) || m.Op().Is(ent.OpCreate) {
		return nil, nil
	}
	old, err := m.OldField(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("read old %s: %w", name, err)
	}
	rv := reflect.ValueOf(old)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		return rv.Elem().Interface(), nil
	}
	return old, nil
}

// record is the state of an award or nomination after the mutation, as far as the invariants
// need it.
type record struct {
	awardkey.Parts
	period *period.Period
}

func (r record) nominee() tree.Nominee {
	return tree.Nominee{Kind: r.RecipientKind, CollectiveID: r.CollectiveID, IndividualID: r.IndividualID, Period: r.period}
}

func readRecord(ctx context.Context, m ent.Mutation) (record, error) {
	var r record
	vals := make(map[string]any, len(keyFields))
	for _, f := range keyFields {
		v, err := current(ctx, m, f)
		if err != nil {
			return r, err
		}
		vals[f] = v
	}
	r.RecipientKind, _ = vals["recipient_kind"].(enum.RecipientKind)
	r.CollectiveID, _ = vals["collective_id"].(int)
	r.IndividualID, _ = vals["individual_id"].(int)
	r.LevelID, _ = vals["level_id"].(int)
	r.MovementID, _ = vals["movement_id"].(int)
	if kind, ok := vals["period_kind"].(enum.PeriodKind); ok {
		start, _ := vals["period_start_year"].(int)
		end, _ := vals["period_end_year"].(int)
		r.PeriodKind, r.StartYear, r.EndYear = kind, start, end
		r.period = &period.Period{Kind: kind, StartYear: start, EndYear: end}
	}
	return r, nil
}

// touches reports whether the mutation sets or clears any of the fields.
func touches(m ent.Mutation, fields ...string) bool {
	for _, f := range fields {
		if _, ok := m.Field(f); ok || m.FieldCleared(f) {
			return true
		}
	}
	return false
}

// keyTarget is the column a hook writes the award key to.
type keyTarget struct {
	column  string
	revoked string // the column whose value releases the key ("" when nothing does)
}

// keepKey maintains the award key column of awards and nominations. Changes to several rows
// at once may not move a key (only revocation, which releases it).
func keepKey(t keyTarget) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpDelete) || m.Op().Is(ent.OpDeleteOne) {
				return next.Mutate(ctx, m)
			}
			if m.Op().Is(ent.OpUpdate) {
				if touches(m, keyFields...) || (t.revoked != "" && m.FieldCleared(t.revoked)) {
					return nil, apperr.Invalid("id", "change recipients, levels, periods and movements one record at a time")
				}
				if t.revoked != "" && touches(m, t.revoked) {
					if err := m.ClearField(t.column); err != nil {
						return nil, err
					}
				}
				return next.Mutate(ctx, m)
			}
			if !m.Op().Is(ent.OpCreate) && !touches(m, append(keyFields, t.revoked)...) {
				return next.Mutate(ctx, m)
			}
			r, err := readRecord(ctx, m)
			if err != nil {
				return nil, err
			}
			key := r.String()
			if t.revoked != "" {
				if revoked, err := current(ctx, m, t.revoked); err != nil {
					return nil, err
				} else if revoked != nil {
					key = ""
				}
			}
			if key == "" {
				err = m.ClearField(t.column)
			} else {
				err = m.SetField(t.column, key)
			}
			if err != nil {
				return nil, fmt.Errorf("award key: %w", err)
			}
			return next.Mutate(ctx, m)
		})
	}
}

// checkNomineeInScope refuses a nomination whose nominee is not inside the proposing unit's
// subtree: a collective below it, or a person who held a post below it during the period.
func checkNomineeInScope(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate) && !touches(m, "period_kind", "period_start_year", "period_end_year") {
			return next.Mutate(ctx, m)
		}
		if m.Op().Is(ent.OpUpdate) {
			return nil, apperr.Invalid("period", "change the period of nominations one at a time")
		}
		r, err := readRecord(ctx, m)
		if err != nil {
			return nil, err
		}
		proposer, err := current(ctx, m, "proposer_id")
		if err != nil {
			return nil, err
		}
		pid, _ := proposer.(int)
		client := m.(interface{ Client() *gen.Client }).Client()
		ok, err := tree.Covers(ctx, client, pid, r.nominee())
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, outsideScope(r, "the proposing unit")
		}
		return next.Mutate(ctx, m)
	})
}

func outsideScope(r record, whose string) error {
	if r.RecipientKind == enum.RecipientCollective {
		return apperr.Invalid("collectiveID", "collective %d is not inside %s", r.CollectiveID, whose)
	}
	during := ""
	if r.period != nil {
		during = " during " + r.period.String()
	}
	return apperr.Invalid("individualID", "individual %d held no post inside %s%s", r.IndividualID, whose, during)
}

// checkAwardIssuer refuses an award whose decision's issuer may not give it: the recipient
// must lie inside the issuer's subtree (a person: a post there during the period), and a
// ceremony it is presented at must be organised inside the issuer's subtree or name the
// issuer among its co-organisers, and not be held before the decision was signed.
func checkAwardIssuer(next ent.Mutator) ent.Mutator {
	return hookAward(func(ctx context.Context, m *gen.AwardMutation) error {
		if !m.Op().Is(ent.OpCreate) && !touches(m, "decision_id", "ceremony_id", "period_kind", "period_start_year", "period_end_year") {
			return nil
		}
		if m.Op().Is(ent.OpUpdate) {
			return apperr.Invalid("decisionID", "change decisions and ceremonies of awards one at a time")
		}
		decisionID, err := current(ctx, m, "decision_id")
		if err != nil || decisionID == nil {
			return err
		}
		sys := rule.SystemContext(ctx)
		dec, err := m.Client().Decision.Get(sys, decisionID.(int))
		if gen.IsNotFound(err) {
			return apperr.Invalid("decisionID", "decision %d does not exist", decisionID)
		}
		if err != nil {
			return fmt.Errorf("load decision %d: %w", decisionID, err)
		}
		r, err := readRecord(ctx, m)
		if err != nil {
			return err
		}
		if err := Entitled(sys, m.Client(), r.LevelID, dec.IssuerID); err != nil {
			return err
		}
		ok, err := tree.Covers(ctx, m.Client(), dec.IssuerID, r.nominee())
		if err != nil {
			return err
		}
		if !ok {
			return outsideScope(r, fmt.Sprintf("the subtree of the issuer of decision %s", dec.Number))
		}
		ceremonyID, err := current(ctx, m, "ceremony_id")
		if err != nil || ceremonyID == nil {
			return err
		}
		return CeremonyAccepts(sys, m.Client(), ceremonyID.(int), dec.IssuerID, dec.SignedOn)
	})(next)
}

// Entitled returns an error unless the body may give the level: it is of the level's issuer
// kind and, when the level names the bodies that give it, one of them.
func Entitled(ctx context.Context, c *gen.Client, levelID, issuerID int) error {
	level, err := c.AwardLevel.Get(ctx, levelID)
	if gen.IsNotFound(err) {
		return apperr.Invalid("levelID", "level %d does not exist", levelID)
	}
	if err != nil {
		return fmt.Errorf("load level %d: %w", levelID, err)
	}
	issuer, err := c.Collective.Get(ctx, issuerID)
	if err != nil {
		return fmt.Errorf("load issuer %d: %w", issuerID, err)
	}
	if issuer.Kind != level.IssuerKind {
		return apperr.Invalid("levelID", "%s does not give %s (a %s gives it)", issuer.Name, level.Name, level.IssuerKind)
	}
	named, err := level.QueryIssuers().IDs(ctx)
	if err != nil {
		return fmt.Errorf("load the issuers of level %d: %w", levelID, err)
	}
	if len(named) > 0 && !slices.Contains(named, issuerID) {
		return apperr.Invalid("levelID", "%s does not give %s", issuer.Name, level.Name)
	}
	return nil
}

// CeremonyAccepts returns an error unless awards decided by issuerID on signedOn may be
// presented at the ceremony: it is organised inside the issuer's subtree or names the issuer
// among its co-organisers, and it is not held before the decision was signed.
func CeremonyAccepts(ctx context.Context, c *gen.Client, ceremonyID, issuerID int, signedOn *time.Time) error {
	ctx = rule.SystemContext(ctx)
	cer, err := c.Ceremony.Query().Where(ceremony.ID(ceremonyID)).
		WithCoOrganizers(func(q *gen.CollectiveQuery) { q.Where(collective.ID(issuerID)) }).Only(ctx)
	if gen.IsNotFound(err) {
		return apperr.Invalid("ceremonyID", "ceremony %d does not exist", ceremonyID)
	}
	if err != nil {
		return fmt.Errorf("load ceremony %d: %w", ceremonyID, err)
	}
	if len(cer.Edges.CoOrganizers) == 0 {
		inside, err := tree.Within(ctx, c, issuerID, cer.OrganizerID)
		if err != nil {
			return err
		}
		if !inside {
			return apperr.Invalid("ceremonyID", "%s is organised outside the issuer's units and does not name the issuer as a co-organiser", cer.Name)
		}
	}
	if signedOn != nil && cer.HeldOn != nil && cer.HeldOn.Before(*signedOn) {
		return apperr.Invalid("ceremonyID", "%s was held on %s, before the decision was signed on %s",
			cer.Name, cer.HeldOn.Format("2006-01-02"), signedOn.Format("2006-01-02"))
	}
	return nil
}

// hookAward turns a check of award mutations into a hook.
func hookAward(check func(context.Context, *gen.AwardMutation) error) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.AwardFunc(func(ctx context.Context, m *gen.AwardMutation) (ent.Value, error) {
			if err := check(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// keepTree records a collective's parent as a dated affiliation and keeps the tree paths in
// step: a new unit is attached from its founding day; a parent changed by updateCollective is
// a correction of the current affiliation (the unit always stood there). A dated move is a
// reorganisation (internal/reorg), which keeps the history.
func keepTree(next ent.Mutator) ent.Mutator {
	return hook.CollectiveFunc(func(ctx context.Context, m *gen.CollectiveMutation) (ent.Value, error) {
		parent, parentSet := m.ParentID()
		cleared := m.ParentCleared()
		v, err := next.Mutate(ctx, m)
		if err != nil || (!parentSet && !cleared) || tree.IsReorganising(ctx) {
			return v, err
		}
		col := v.(*gen.Collective)
		if m.Op().Is(ent.OpCreate) {
			return v, tree.Attach(ctx, m.Client(), col.ID, parent, col.FoundedOn)
		}
		return v, tree.Correct(ctx, m.Client(), col.ID, col.ParentID)
	})
}

// postedFields are the award fields posted_awards and listed_awards copy or filter on.
var postedFields = []string{"public", "revoked_at", "level_id", "roll_key", "period_kind", "period_start_year", "period_end_year"}

// keepPostedAwards files an award again under its recipient's posts and on the rolls that hold
// it once it is written (see internal/posted). A many-row update names its awards before it
// runs: its condition may be on a field it changes. Deleted awards take their rows with them (ON DELETE CASCADE).
func keepPostedAwards(next ent.Mutator) ent.Mutator {
	return hook.AwardFunc(func(ctx context.Context, m *gen.AwardMutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate) && !touches(m, postedFields...) {
			return next.Mutate(ctx, m)
		}
		var ids []int
		if m.Op().Is(ent.OpUpdate) {
			var err error
			if ids, err = m.IDs(rule.SystemContext(ctx)); err != nil {
				return nil, fmt.Errorf("posted awards: %w", err)
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		a, one := v.(*gen.Award)
		switch {
		case !one:
			return v, posted.Awards(ctx, m.Client(), ids...)
		case m.Op().Is(ent.OpCreate):
			return v, posted.NewAwards(ctx, m.Client(), a.ID)
		}
		return v, posted.Awards(ctx, m.Client(), a.ID)
	})
}

// keepPostedPeople files the awards of a position's holder again once the position is
// recorded, moved or removed: of the old holder and the new one.
func keepPostedPeople(next ent.Mutator) ent.Mutator {
	return hook.PositionFunc(func(ctx context.Context, m *gen.PositionMutation) (ent.Value, error) {
		if m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) && !touches(m, "individual_id", "collective_id") {
			return next.Mutate(ctx, m)
		}
		var people []int
		if !m.Op().Is(ent.OpCreate) {
			sys := rule.SystemContext(ctx)
			ids, err := m.IDs(sys)
			if err != nil {
				return nil, fmt.Errorf("posted awards: %w", err)
			}
			if people, err = m.Client().Position.Query().Where(position.IDIn(ids...)).
				Unique(true).Select(position.FieldIndividualID).Ints(sys); err != nil {
				return nil, fmt.Errorf("posted awards: %w", err)
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if holder, ok := m.IndividualID(); ok && !slices.Contains(people, holder) {
			people = append(people, holder)
		}
		return v, posted.People(ctx, m.Client(), people...)
	})
}

// checkCounterpart keeps the link between the two lines meaningful: a union's counterpart is
// a school or a government body (the state line), and only a union has one.
func checkCounterpart(next ent.Mutator) ent.Mutator {
	return hook.CollectiveFunc(func(ctx context.Context, m *gen.CollectiveMutation) (ent.Value, error) {
		value, set := m.Field("counterpart_id")
		other, _ := value.(int)
		if !set {
			return next.Mutate(ctx, m)
		}
		sys := rule.SystemContext(ctx)
		kind, ok := m.Kind()
		if !ok {
			id, _ := m.ID()
			unit, err := m.Client().Collective.Get(sys, id)
			if err != nil {
				return nil, fmt.Errorf("load collective %d: %w", id, err)
			}
			kind = unit.Kind
		}
		if slices.Contains(tree.StateLine, kind) {
			return nil, apperr.Invalid("counterpartID", "a %s is in the state line itself: only a union has a counterpart there", kind)
		}
		counterpart, err := m.Client().Collective.Get(sys, other)
		if gen.IsNotFound(err) {
			return nil, apperr.Invalid("counterpartID", "collective %d does not exist", other)
		}
		if err != nil {
			return nil, fmt.Errorf("load collective %d: %w", other, err)
		}
		if !slices.Contains(tree.StateLine, counterpart.Kind) {
			return nil, apperr.Invalid("counterpartID", "%s is not a school or a government body", counterpart.Name)
		}
		return next.Mutate(ctx, m)
	})
}

// dossierEditable refuses a change of a dossier once its nomination has been submitted: the
// documents reviewers decided on stay as they were.
func dossierEditable(next ent.Mutator) ent.Mutator {
	return hook.NominationDocumentFunc(func(ctx context.Context, m *gen.NominationDocumentMutation) (ent.Value, error) {
		if m.Op().Is(ent.OpUpdate) {
			return nil, apperr.Invalid("id", "change documents one at a time")
		}
		id, ok := m.NominationID()
		if !ok {
			docID, _ := m.ID()
			doc, err := m.Client().NominationDocument.Get(rule.SystemContext(ctx), docID)
			if err != nil {
				return nil, fmt.Errorf("load document %d: %w", docID, err)
			}
			id = doc.NominationID
		}
		n, err := m.Client().Nomination.Get(rule.SystemContext(ctx), id)
		if err != nil {
			return nil, fmt.Errorf("load nomination %d: %w", id, err)
		}
		if n.Status != nomination.StatusDRAFT && n.Status != nomination.StatusRETURNED {
			return nil, apperr.Invalid("nominationID", "nomination %d is %s: its documents are read-only once submitted", id, n.Status)
		}
		return next.Mutate(ctx, m)
	})
}

// checkDecisionDate keeps the ceremony rule when a decision's date is corrected: none of its
// awards may then be presented at a ceremony held before the new date, nor outside the issuer.
func checkDecisionDate(next ent.Mutator) ent.Mutator {
	return hook.DecisionFunc(func(ctx context.Context, m *gen.DecisionMutation) (ent.Value, error) {
		if !touches(m, "signed_on", "issuer_id") || m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		id, ok := m.ID()
		if !ok || !m.Op().Is(ent.OpUpdateOne) {
			return nil, apperr.Invalid("signedOn", "correct decisions one at a time")
		}
		if touches(m, "issuer_id") {
			return nil, apperr.Invalid("issuerID", "a decision's issuer is not corrected: record the decision of the right issuer instead")
		}
		issuerID, err := current(ctx, m, "issuer_id")
		if err != nil {
			return nil, err
		}
		signedOn, _ := m.SignedOn()
		sys := rule.SystemContext(ctx)
		awards, err := m.Client().Award.Query().Where(award.DecisionID(id), award.CeremonyIDNotNil()).All(sys)
		if err != nil {
			return nil, fmt.Errorf("awards of decision %d: %w", id, err)
		}
		for _, a := range awards {
			if err := CeremonyAccepts(sys, m.Client(), *a.CeremonyID, issuerID.(int), &signedOn); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}
