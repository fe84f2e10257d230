// Package workflow is the nomination state machine: one table of allowed transitions and
// who may take each, the checks before a transition, optimistic locking on the nomination's
// version, and the history event written in the same transaction as the change.
//
//	DRAFT → SUBMITTED → (RETURNED → SUBMITTED …) → APPROVED | REJECTED → AWARDED
//	WITHDRAWN by the proposer at any point before a decision.
package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"vinhdanh/ent"
	"vinhdanh/ent/nomination"
	"vinhdanh/ent/user"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/eligibility"
	"vinhdanh/internal/period"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/tree"
	"vinhdanh/internal/viewer"
)

// Action is a step a user takes on a nomination.
type Action string

// Actions.
const (
	Submit   Action = "SUBMIT"
	Return   Action = "RETURN"
	Forward  Action = "FORWARD"
	Approve  Action = "APPROVE"
	Reject   Action = "REJECT"
	Withdraw Action = "WITHDRAW"
)

// side says whose step an action is.
type side int

const (
	proposer side = iota // the proposing unit's staff
	reviewer             // the staff of the federation the nomination currently sits with
)

type transition struct {
	from         []nomination.Status
	to           nomination.Status
	by           side
	needsComment bool
}

// transitions is the whole state machine. AWARDED is reached only by IssueDecision.
var transitions = map[Action]transition{
	Submit:   {from: []nomination.Status{nomination.StatusDRAFT, nomination.StatusRETURNED}, to: nomination.StatusSUBMITTED, by: proposer},
	Return:   {from: []nomination.Status{nomination.StatusSUBMITTED}, to: nomination.StatusRETURNED, by: reviewer, needsComment: true},
	Forward:  {from: []nomination.Status{nomination.StatusSUBMITTED}, to: nomination.StatusSUBMITTED, by: reviewer},
	Approve:  {from: []nomination.Status{nomination.StatusSUBMITTED}, to: nomination.StatusAPPROVED, by: reviewer},
	Reject:   {from: []nomination.Status{nomination.StatusSUBMITTED}, to: nomination.StatusREJECTED, by: reviewer, needsComment: true},
	Withdraw: {from: []nomination.Status{nomination.StatusDRAFT, nomination.StatusSUBMITTED, nomination.StatusRETURNED, nomination.StatusAPPROVED}, to: nomination.StatusWITHDRAWN, by: proposer},
}

// Create drafts a nomination and records the first history event.
func Create(ctx context.Context, c *ent.Client, in ent.CreateNominationInput) (*ent.Nomination, error) {
	v := viewer.FromContext(ctx)
	if !v.CanWrite() {
		return nil, forbidden(ctx, "propose nominations")
	}
	n, err := c.Nomination.Create().SetInput(in).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create nomination: %w", err)
	}
	if err := record(ctx, c, n.ID, "CREATE", "", n.Status, ""); err != nil {
		return nil, err
	}
	return n, nil
}

// Update changes a draft or returned nomination.
func Update(ctx context.Context, c *ent.Client, id, expectedVersion int, in ent.UpdateNominationInput) (*ent.Nomination, error) {
	n, err := load(ctx, c, id, expectedVersion)
	if err != nil {
		return nil, err
	}
	if n.Status != nomination.StatusDRAFT && n.Status != nomination.StatusRETURNED {
		return nil, apperr.Invalid("id", "nomination %d is %s; only a draft or a returned nomination can be edited", id, n.Status)
	}
	if err := mayAct(ctx, n, proposer, "edit"); err != nil {
		return nil, err
	}
	updated, err := c.Nomination.UpdateOneID(id).Where(nomination.Version(expectedVersion)).
		SetInput(in).AddVersion(1).Save(ctx)
	if ent.IsNotFound(err) || (err == nil && !applied(updated, expectedVersion)) {
		return nil, stale(id, expectedVersion)
	}
	if err != nil {
		return nil, fmt.Errorf("update nomination %d: %w", id, err)
	}
	if err := record(ctx, c, id, "UPDATE", n.Status, updated.Status, ""); err != nil {
		return nil, err
	}
	return updated, nil
}

// Transition takes action on nomination id, which the caller last saw at expectedVersion.
func Transition(ctx context.Context, c *ent.Client, id, expectedVersion int, action Action, comment string) (*ent.Nomination, error) {
	t, ok := transitions[action]
	if !ok {
		return nil, fmt.Errorf("transition %s: unknown action", action)
	}
	n, err := load(ctx, c, id, expectedVersion)
	if err != nil {
		return nil, err
	}
	verb := strings.ToLower(string(action))
	if err := mayAct(ctx, n, t.by, verb); err != nil {
		return nil, err
	}
	if !slices.Contains(t.from, n.Status) {
		return nil, apperr.Invalid("id", "cannot %s nomination %d: it is %s", verb, id, n.Status)
	}
	comment = strings.TrimSpace(comment)
	if t.needsComment && comment == "" {
		return nil, apperr.Invalid("comment", "say why: %s needs a comment for the proposer", verb)
	}
	// One row, conditional on the version the caller saw: the audit hook records the row as
	// it was, and a concurrent change makes this one a conflict rather than a lost update.
	update := c.Nomination.UpdateOneID(id).Where(nomination.Version(expectedVersion)).
		SetStatus(t.to).AddVersion(1)
	switch action {
	case Submit:
		up, note, err := route(ctx, c, n)
		if err != nil {
			return nil, err
		}
		update.SetReviewerID(up.ID)
		comment = joinComment(comment, note)
	case Forward:
		if n.Edges.Reviewer.Kind == n.Edges.Level.IssuerKind {
			return nil, apperr.Invalid("id", "%s issues %s itself: approve, return or reject the nomination", n.Edges.Reviewer.Name, n.Edges.Level.Name)
		}
		up, err := federationAbove(ctx, c, n.Edges.Reviewer.ID)
		if err != nil {
			return nil, err
		}
		update.SetReviewerID(up.ID)
		comment = joinComment(comment, "chuyển lên "+up.Name)
	case Approve:
		if err := mayApprove(ctx, c, n); err != nil {
			return nil, err
		}
	}
	changed, err := update.Save(ctx)
	if ent.IsNotFound(err) || (err == nil && !applied(changed, expectedVersion)) {
		return nil, stale(id, expectedVersion)
	}
	if err != nil {
		return nil, fmt.Errorf("%s nomination %d: %w", verb, id, err)
	}
	if err := record(ctx, c, id, string(action), n.Status, t.to, comment); err != nil {
		return nil, err
	}
	return changed, nil
}

// load reads a nomination the viewer may see, at the version the caller expects.
func load(ctx context.Context, c *ent.Client, id, expectedVersion int) (*ent.Nomination, error) {
	if viewer.FromContext(ctx) == nil {
		return nil, viewer.Refusal(ctx, "change nominations")
	}
	n, err := c.Nomination.Query().Where(nomination.ID(id)).WithLevel().WithReviewer().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("nomination %d not found", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("load nomination %d: %w", id, err)
	}
	if n.Version != expectedVersion {
		return nil, stale(id, expectedVersion)
	}
	return n, nil
}

// mayAct checks that the viewer's role and scope put them on the side that takes the step.
func mayAct(ctx context.Context, n *ent.Nomination, by side, verb string) error {
	v := viewer.FromContext(ctx)
	if !v.CanWrite() {
		return forbidden(ctx, verb+" nominations")
	}
	if v.Admin() {
		return nil
	}
	switch by {
	case proposer:
		if !v.InScope(n.ProposerID) {
			return forbidden(ctx, fmt.Sprintf("%s nomination %d: only the proposing unit may", verb, n.ID))
		}
	case reviewer:
		// The federation it sits with, or its successor when it has been dissolved.
		inherited := n.Edges.Reviewer != nil && n.Edges.Reviewer.DissolvedOn != nil && v.InScope(n.Edges.Reviewer.ID)
		if n.ReviewerID == nil || (*n.ReviewerID != v.ScopeID && !inherited) {
			return forbidden(ctx, fmt.Sprintf("%s nomination %d: it is not in your federation's review queue", verb, n.ID))
		}
	}
	return nil
}

// mayApprove enforces that a federation approves only the levels it issues, only for nominees
// in its subtree, and only when the nominee is eligible.
func mayApprove(ctx context.Context, c *ent.Client, n *ent.Nomination) error {
	v := viewer.FromContext(ctx)
	level := n.Edges.Level
	if !v.Admin() {
		if n.Edges.Reviewer == nil || n.Edges.Reviewer.Kind != level.IssuerKind {
			return forbidden(ctx, fmt.Sprintf("approve %s: it is issued by a %s, not by your federation", level.Name, level.IssuerKind))
		}
		covered, err := tree.Covers(ctx, c, n.Edges.Reviewer.ID, nominee(n))
		if err != nil {
			return err
		}
		// A union federation approves what its own units propose; a body of the state line,
		// reached through the data (route), approves for whoever it covers.
		if (unionIssued(level) && !v.InScope(n.ProposerID)) || !covered {
			return forbidden(ctx, "approve nominations for nominees outside your federation")
		}
	}
	res, err := eligibility.Check(ctx, c, n)
	if err != nil {
		return err
	}
	if !res.OK {
		msgs := make([]string, len(res.Reasons))
		for i, r := range res.Reasons {
			msgs[i] = r.Message
		}
		return apperr.Invalid("id", "nomination %d is not eligible: %s", n.ID, strings.Join(msgs, "; "))
	}
	return nil
}

// route finds who reviews a submitted nomination. A level the union federations give goes to
// the federation above the proposer, and up from there by forwarding. Any other level goes
// straight to the body that gives it, found from the data (tree.IssuerFor: the proposer itself
// for a grassroots union's own Giấy khen; for a school's union, its school, Phòng or Sở), when
// that body keeps accounts here; otherwise to the federation above, whose staff record the
// body's decision once it is signed (recordDecision).
func route(ctx context.Context, c *ent.Client, n *ent.Nomination) (*ent.Collective, string, error) {
	level := n.Edges.Level
	note := ""
	if !unionIssued(level) {
		body, err := tree.IssuerFor(ctx, c, n.ProposerID, level)
		if err != nil {
			return nil, "", err
		}
		if body != nil {
			active, err := c.User.Query().Where(user.ScopeID(body.ID), user.Active(true)).Exist(rule.SystemContext(ctx))
			if err != nil {
				return nil, "", fmt.Errorf("accounts of collective %d: %w", body.ID, err)
			}
			if active {
				return body, "gửi " + body.Name, nil
			}
			note = "; " + body.Name + " chưa dùng Vinh Danh: ghi quyết định khi đã ký"
		}
	}
	up, err := federationAbove(ctx, c, n.ProposerID)
	if err != nil {
		return nil, "", err
	}
	return up, "gửi " + up.Name + note, nil
}

// unionIssued says whether the union federations give the level (and review it up their line).
func unionIssued(level *ent.AwardLevel) bool {
	return slices.Contains(tree.Federations, level.IssuerKind)
}

// federationAbove returns the nearest union federation above the collective.
func federationAbove(ctx context.Context, c *ent.Client, collectiveID int) (*ent.Collective, error) {
	up, err := tree.FederationAbove(ctx, c, collectiveID)
	if err == nil && up == nil {
		err = apperr.Invalid("id", "there is no union federation above collective %d to review the nomination", collectiveID)
	}
	return up, err
}

func record(ctx context.Context, c *ent.Client, id int, action string, from, to nomination.Status, comment string) error {
	b := c.NominationEvent.Create().SetNominationID(id).SetAction(action).SetFromStatus(string(from)).
		SetToStatus(string(to)).SetComment(comment).SetCreateTime(now())
	if v := viewer.FromContext(ctx); v != nil {
		b.SetActorID(v.UserID).SetActorName(v.Name)
	}
	if err := b.Exec(ctx); err != nil {
		return fmt.Errorf("record %s of nomination %d: %w", action, id, err)
	}
	return nil
}

// applied reports whether a one-row update conditional on the nomination's version took
// effect. ent reads the row back after its UPDATE, and when a concurrent transaction changed
// the row first, MySQL's UPDATE matches nothing while ent's existence check still sees the
// row in this transaction's snapshot and reports no error: the version read back tells.
func applied(n *ent.Nomination, expected int) bool { return n.Version == expected+1 }

func stale(id, expected int) error {
	return &apperr.Error{Code: apperr.Conflict, Field: "expectedVersion",
		Message: fmt.Sprintf("nomination %d has changed since version %d: reload it and try again", id, expected)}
}

func forbidden(ctx context.Context, what string) error { return viewer.Refusal(ctx, what) }

func joinComment(comment, note string) string {
	if comment == "" {
		return note
	}
	return comment + " (" + note + ")"
}

// nominee is the nomination's nominee as the tree sees it.
func nominee(n *ent.Nomination) tree.Nominee {
	t := tree.Nominee{Kind: n.RecipientKind}
	if n.CollectiveID != nil {
		t.CollectiveID = *n.CollectiveID
	}
	if n.IndividualID != nil {
		t.IndividualID = *n.IndividualID
	}
	t.Period = period.Of(n.PeriodKind, n.PeriodStartYear, n.PeriodEndYear)
	return t
}
