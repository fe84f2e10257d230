// Package eligibility decides whether a nomination may be approved: no second award of the
// same level for the same recipient and period, the recipient still exists, the level is
// still in use, and the prerequisites configured for the level (EligibilityRule rows) hold.
package eligibility

import (
	"context"
	"fmt"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/eligibilityrule"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/rule"
)

// Reason is one failed condition, with a stable code for frontends to localise.
type Reason struct {
	Code    string
	Message string
}

// Result of a check.
type Result struct {
	OK      bool
	Reasons []*Reason
}

// Reason codes.
const (
	DuplicateAward      = "DUPLICATE_AWARD"
	PeriodMissing       = "PERIOD_MISSING"
	RecipientDissolved  = "RECIPIENT_DISSOLVED"
	LevelArchived       = "LEVEL_ARCHIVED"
	PrerequisiteMissing = "PREREQUISITE_MISSING"
)

// Check evaluates n, which must have its level loaded. Awards are read as the system: a
// prerequisite counts even when the reviewer may not see the earlier award itself.
func Check(ctx context.Context, c *ent.Client, n *ent.Nomination) (*Result, error) {
	ctx = rule.SystemContext(ctx)
	level := n.Edges.Level
	if level == nil {
		var err error
		if level, err = n.QueryLevel().Only(ctx); err != nil {
			return nil, fmt.Errorf("eligibility of nomination %d: load level: %w", n.ID, err)
		}
	}
	res := &Result{}
	add := func(code, format string, args ...any) {
		res.Reasons = append(res.Reasons, &Reason{Code: code, Message: fmt.Sprintf(format, args...)})
	}
	if !level.Active {
		add(LevelArchived, "%s is archived and takes no new nominations", level.Name)
	}
	if n.RecipientKind == enum.RecipientCollective && n.CollectiveID != nil {
		col, err := c.Collective.Get(ctx, *n.CollectiveID)
		if err != nil {
			return nil, fmt.Errorf("eligibility of nomination %d: load collective: %w", n.ID, err)
		}
		if col.DissolvedOn != nil {
			add(RecipientDissolved, "%s was dissolved on %s", col.Name, col.DissolvedOn.Format("2006-01-02"))
		}
	}
	if n.PeriodKind == nil || n.PeriodStartYear == nil || n.PeriodEndYear == nil {
		add(PeriodMissing, "the nomination has no period, so repeated awards and prerequisites cannot be checked")
		res.OK = len(res.Reasons) == 0
		return res, nil
	}
	same, err := recipientAwards(c, n).Where(
		award.LevelID(level.ID),
		award.PeriodKindEQ(*n.PeriodKind),
		award.PeriodStartYear(*n.PeriodStartYear),
		award.PeriodEndYear(*n.PeriodEndYear),
	).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("eligibility of nomination %d: count awards: %w", n.ID, err)
	}
	if same > 0 {
		add(DuplicateAward, "the recipient already holds %s for this period", level.Name)
	}
	rules, err := c.EligibilityRule.Query().Where(eligibilityrule.LevelID(level.ID)).WithRequiredLevel().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("eligibility of nomination %d: load rules: %w", n.ID, err)
	}
	for _, r := range rules {
		held, err := recipientAwards(c, n).Where(
			award.LevelID(r.RequiredLevelID),
			award.PeriodKindEQ(*n.PeriodKind),
			award.PeriodStartYearGTE(*n.PeriodStartYear-r.WithinYears),
			award.PeriodStartYearLTE(*n.PeriodStartYear),
		).Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("eligibility of nomination %d: check rule %d: %w", n.ID, r.ID, err)
		}
		if held < r.MinCount {
			span := "in the same period"
			if r.WithinYears > 0 {
				span = fmt.Sprintf("in this or the %d preceding periods", r.WithinYears)
			}
			add(PrerequisiteMissing, "%s requires %d × %s %s; the recipient has %d",
				level.Name, r.MinCount, r.Edges.RequiredLevel.Name, span, held)
		}
	}
	res.OK = len(res.Reasons) == 0
	return res, nil
}

// recipientAwards are the valid awards of the nominee.
func recipientAwards(c *ent.Client, n *ent.Nomination) *ent.AwardQuery {
	q := c.Award.Query().Where(award.RevokedAtIsNil())
	if n.RecipientKind == enum.RecipientCollective && n.CollectiveID != nil {
		return q.Where(award.CollectiveID(*n.CollectiveID))
	}
	if n.IndividualID != nil {
		return q.Where(award.IndividualID(*n.IndividualID))
	}
	return q.Where(award.ID(-1))
}
