// Package eligibility decides whether a nomination may be approved or awarded: no second
// award of the same level for the same recipient, period and movement, whether already given
// or already on its way (an approved nomination, or an earlier one under review), the
// recipient still exists, the level is still in use, and the prerequisites configured for the
// level (EligibilityRule rows) hold. The workflow checks it on approval and again, inside the
// decision's transaction, when the decision is issued.
package eligibility

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"vinhdanh/ent/nominationdocument"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/eligibilityrule"
	"vinhdanh/ent/nomination"
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
	DuplicateNomination = "DUPLICATE_NOMINATION"
	PeriodMissing       = "PERIOD_MISSING"
	RecipientDissolved  = "RECIPIENT_DISSOLVED"
	LevelArchived       = "LEVEL_ARCHIVED"
	PrerequisiteMissing = "PREREQUISITE_MISSING"
	DocumentMissing     = "DOCUMENT_MISSING"
)

// documentNames are the kinds of dossier documents as federations call them.
var documentNames = map[string]string{"PROPOSAL": "tờ trình", "ACHIEVEMENT_REPORT": "báo cáo thành tích",
	"MINUTES": "biên bản họp bình xét", "OTHER": "tài liệu khác"}

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
	if len(level.RequiredDocuments) > 0 {
		kinds, err := c.NominationDocument.Query().Where(nominationdocument.NominationID(n.ID), nominationdocument.RemovedAtIsNil()).
			Select(nominationdocument.FieldKind).Strings(ctx)
		if err != nil {
			return nil, fmt.Errorf("eligibility of nomination %d: load documents: %w", n.ID, err)
		}
		var missing []string
		for _, k := range level.RequiredDocuments {
			if !slices.Contains(kinds, k) {
				missing = append(missing, documentNames[k])
			}
		}
		if len(missing) > 0 {
			add(DocumentMissing, "the dossier lacks %s", strings.Join(missing, ", "))
		}
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
	if n.AwardKey != nil {
		held, err := c.Award.Query().Where(award.ActiveKey(*n.AwardKey)).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("eligibility of nomination %d: find the same award: %w", n.ID, err)
		}
		if held {
			add(DuplicateAward, "the recipient already holds %s for this period", level.Name)
		}
		// Of several nominations for the same award, an approved one wins, then the earliest
		// one under review; drafts compete with nobody yet.
		competing, err := c.Nomination.Query().Where(
			nomination.AwardKey(*n.AwardKey),
			nomination.IDNEQ(n.ID),
			nomination.Or(
				nomination.StatusEQ(nomination.StatusAPPROVED),
				nomination.And(nomination.IDLT(n.ID), nomination.StatusIn(nomination.StatusSUBMITTED, nomination.StatusRETURNED)),
			),
		).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("eligibility of nomination %d: find competing nominations: %w", n.ID, err)
		}
		if competing && !held {
			add(DuplicateNomination, "another nomination of the recipient for %s in this period is already approved or under review", level.Name)
		}
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
