// Package reorg records reorganisations of the collective tree as single dated operations:
// units moved to new parents and units dissolved with their successors, effective on a day,
// all in the caller's transaction, audited; and reverts a mistaken one with its history kept.
// The past stays as it was: affiliations are closed on the day, never rewritten, so rolls,
// tallies and scope checks of earlier periods see the tree those periods had.
package reorg

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/affiliation"
	"vinhdanh/ent/reorganisation"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/tree"
	"vinhdanh/internal/viewer"
)

// Move puts a unit under a new parent.
type Move struct{ CollectiveID, NewParentID int }

// Dissolution ends a unit, naming the units that take over its records.
type Dissolution struct {
	CollectiveID int
	SuccessorIDs []int
}

// Input is one reorganisation.
type Input struct {
	EffectiveOn  time.Time
	Note         string
	Moves        []Move
	Dissolutions []Dissolution
}

// units are all the units a reorganisation involves, for the permission check.
func (in Input) units() []int {
	var ids []int
	for _, m := range in.Moves {
		ids = append(ids, m.CollectiveID, m.NewParentID)
	}
	for _, d := range in.Dissolutions {
		ids = append(ids, d.CollectiveID)
		ids = append(ids, d.SuccessorIDs...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Apply records the reorganisation. Every unit it names must lie in the viewer's scope
// (administrators: anywhere).
func Apply(ctx context.Context, c *ent.Client, in Input) (*ent.Reorganisation, error) {
	if len(in.Moves) == 0 && len(in.Dissolutions) == 0 {
		return nil, apperr.Invalid("input", "a reorganisation moves or dissolves at least one unit")
	}
	if err := rule.MayReorganise(ctx, in.units()); err != nil {
		return nil, err
	}
	day := tree.Day(in.EffectiveOn).First
	sys := rule.SystemContext(tree.Reorganising(ctx))
	rec, err := c.Reorganisation.Create().SetEffectiveOn(day).SetNote(in.Note).
		SetNillableActorID(actorID(ctx)).Save(sys)
	if err != nil {
		return nil, fmt.Errorf("record reorganisation: %w", err)
	}
	moved := map[int]bool{}
	for _, m := range in.Moves {
		if moved[m.CollectiveID] {
			return nil, apperr.Invalid("moves", "collective %d is moved twice", m.CollectiveID)
		}
		moved[m.CollectiveID] = true
		// A unit cannot go under itself or one of its own units.
		if under, err := tree.WithinDuring(ctx, c, m.CollectiveID, m.NewParentID, tree.Day(day)); err != nil {
			return nil, err
		} else if under {
			return nil, apperr.Invalid("moves", "collective %d cannot be put under %d, which lies under it", m.CollectiveID, m.NewParentID)
		}
		if err := close(sys, c, rec, m.CollectiveID, day); err != nil {
			return nil, err
		}
		if err := c.Affiliation.Create().SetCollectiveID(m.CollectiveID).SetParentID(m.NewParentID).
			SetValidFrom(day).SetOpenedByID(rec.ID).Exec(sys); err != nil {
			return nil, fmt.Errorf("move collective %d: %w", m.CollectiveID, err)
		}
		if err := c.Collective.UpdateOneID(m.CollectiveID).SetParentID(m.NewParentID).Exec(sys); err != nil {
			return nil, fmt.Errorf("move collective %d: %w", m.CollectiveID, err)
		}
	}
	for _, d := range in.Dissolutions {
		unit, err := c.Collective.Get(sys, d.CollectiveID)
		if ent.IsNotFound(err) {
			return nil, apperr.Invalid("dissolutions", "collective %d does not exist", d.CollectiveID)
		}
		if err != nil {
			return nil, fmt.Errorf("load collective %d: %w", d.CollectiveID, err)
		}
		if unit.DissolvedOn != nil {
			return nil, apperr.Invalid("dissolutions", "%s was already dissolved on %s", unit.Name, unit.DissolvedOn.Format(time.DateOnly))
		}
		if slices.Contains(d.SuccessorIDs, d.CollectiveID) {
			return nil, apperr.Invalid("dissolutions", "%s cannot succeed itself", unit.Name)
		}
		if !moved[d.CollectiveID] {
			if err := close(sys, c, rec, d.CollectiveID, day); err != nil {
				return nil, err
			}
		}
		if err := c.Collective.UpdateOneID(d.CollectiveID).SetDissolvedOn(day).AddSuccessorIDs(d.SuccessorIDs...).
			ClearParent().Exec(sys); err != nil {
			return nil, fmt.Errorf("dissolve collective %d: %w", d.CollectiveID, err)
		}
	}
	if len(in.Dissolutions) > 0 {
		ids := make([]int, len(in.Dissolutions))
		for i, d := range in.Dissolutions {
			ids[i] = d.CollectiveID
		}
		if err := c.Reorganisation.UpdateOne(rec).AddDissolvedIDs(ids...).Exec(sys); err != nil {
			return nil, fmt.Errorf("record dissolutions: %w", err)
		}
	}
	if err := tree.Rebuild(sys, c); err != nil {
		return nil, err
	}
	return c.Reorganisation.Get(sys, rec.ID)
}

// close ends the unit's current affiliation on day.
func close(ctx context.Context, c *ent.Client, rec *ent.Reorganisation, unit int, day time.Time) error {
	current, err := c.Affiliation.Query().Where(affiliation.CollectiveID(unit), affiliation.ValidToIsNil(),
		affiliation.CancelledAtIsNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("load the affiliation of collective %d: %w", unit, err)
	}
	for _, a := range current {
		if a.ValidFrom != nil && !a.ValidFrom.Before(day) {
			return apperr.Invalid("effectiveOn", "collective %d stands under its parent only since %s: a reorganisation cannot take effect before",
				unit, a.ValidFrom.Format(time.DateOnly))
		}
		if err := c.Affiliation.UpdateOne(a).SetValidTo(day).SetClosedByID(rec.ID).Exec(ctx); err != nil {
			return fmt.Errorf("close affiliation %d: %w", a.ID, err)
		}
	}
	return nil
}

// Revert undoes a mistaken reorganisation and keeps it on record, marked reverted with the
// reason: the affiliations it opened are cancelled, those it closed reopened, the units it
// dissolved restored. A later reorganisation of the same units must be reverted first.
func Revert(ctx context.Context, c *ent.Client, id int, reason string) (*ent.Reorganisation, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, apperr.Invalid("reason", "say why the reorganisation is reverted")
	}
	sys := rule.SystemContext(tree.Reorganising(ctx))
	rec, err := c.Reorganisation.Query().Where(reorganisation.ID(id)).WithOpened().WithClosed().WithDissolved().Only(sys)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("reorganisation %d not found", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("load reorganisation %d: %w", id, err)
	}
	if rec.RevertedAt != nil {
		return nil, apperr.Invalid("id", "reorganisation %d was already reverted", id)
	}
	var units []int
	for _, a := range append(slices.Clone(rec.Edges.Opened), rec.Edges.Closed...) {
		units = append(units, a.CollectiveID, a.ParentID)
	}
	for _, u := range rec.Edges.Dissolved {
		units = append(units, u.ID)
	}
	slices.Sort(units)
	if err := rule.MayReorganise(ctx, slices.Compact(units)); err != nil {
		return nil, err
	}
	for _, a := range rec.Edges.Opened {
		later, err := c.Affiliation.Query().Where(affiliation.ID(a.ID), affiliation.ClosedByIDNotNil()).Exist(sys)
		if err != nil {
			return nil, fmt.Errorf("check later reorganisations: %w", err)
		}
		if later {
			return nil, &apperr.Error{Code: apperr.Conflict, Field: "id",
				Message: fmt.Sprintf("a later reorganisation moved collective %d again: revert it first", a.CollectiveID)}
		}
		if err := c.Affiliation.UpdateOne(a).SetCancelledAt(time.Now().UTC()).Exec(sys); err != nil {
			return nil, fmt.Errorf("cancel affiliation %d: %w", a.ID, err)
		}
	}
	for _, a := range rec.Edges.Closed {
		if err := c.Affiliation.UpdateOne(a).ClearValidTo().ClearClosedByID().Exec(sys); err != nil {
			return nil, fmt.Errorf("reopen affiliation %d: %w", a.ID, err)
		}
		if err := c.Collective.UpdateOneID(a.CollectiveID).SetParentID(a.ParentID).Exec(sys); err != nil {
			return nil, fmt.Errorf("restore the parent of collective %d: %w", a.CollectiveID, err)
		}
	}
	for _, u := range rec.Edges.Dissolved {
		if err := c.Collective.UpdateOneID(u.ID).ClearDissolvedOn().ClearSuccessors().Exec(sys); err != nil {
			return nil, fmt.Errorf("restore collective %d: %w", u.ID, err)
		}
	}
	if err := tree.Rebuild(sys, c); err != nil {
		return nil, err
	}
	return c.Reorganisation.UpdateOne(rec).SetRevertedAt(time.Now().UTC()).SetRevertReason(reason).Save(sys)
}

func actorID(ctx context.Context) *int {
	if v := viewer.FromContext(ctx); v != nil {
		return &v.UserID
	}
	return nil
}
