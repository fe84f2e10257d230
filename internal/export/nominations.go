package export

import (
	"context"
	"fmt"
	"strconv"

	"vinhdanh/ent"
	"vinhdanh/ent/nomination"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/period"
	"vinhdanh/internal/textfold"
	"vinhdanh/internal/viewer"
)

// Nominations is the list for review ("Danh sách đề nghị khen thưởng"): the nominations the
// signed-in caller may see, optionally of one status, or the caller's review queue.
func Nominations(ctx context.Context, c *ent.Client, status string, queue bool) (*Sheet, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, &apperr.Error{Code: apperr.Unauthenticated, Message: "sign in to export nominations"}
	}
	q := c.Nomination.Query()
	switch {
	case queue:
		q.Where(nomination.StatusEQ(nomination.StatusSUBMITTED), nomination.ReviewerID(v.ScopeID))
	case status != "":
		st := nomination.Status(status)
		if err := nomination.StatusValidator(st); err != nil {
			return nil, apperr.Invalid("status", "unknown status %q", status)
		}
		q.Where(nomination.StatusEQ(st))
	}
	noms, err := q.Order(ent.Asc(nomination.FieldID)).Limit(MaxRows + 1).
		WithLevel().WithCollective().WithIndividual().WithProposer().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load nominations: %w", err)
	}
	s := &Sheet{Title: "Danh sách đề nghị khen thưởng", Name: "de-nghi-khen-thuong", Numeric: map[int]bool{0: true},
		Header: []string{"STT", "Họ và tên / Tập thể", "Đơn vị đề nghị", "Hình thức đề nghị", "Thời kỳ", "Thành tích", "Trạng thái"}}
	if len(noms) > MaxRows {
		noms, s.Cut = noms[:MaxRows], true
	}
	for i, n := range noms {
		who := ""
		switch {
		case n.Edges.Individual != nil:
			who = n.Edges.Individual.FullName
		case n.Edges.Collective != nil:
			who = n.Edges.Collective.Name
		}
		per := ""
		if p := period.Label(n.PeriodKind, n.PeriodStartYear, n.PeriodEndYear); p != nil {
			per = *p
		}
		row := []string{strconv.Itoa(i + 1), who, "", "", per, n.Achievements, statusName[n.Status]}
		if n.Edges.Proposer != nil {
			row[2] = n.Edges.Proposer.Name
		}
		if n.Edges.Level != nil {
			row[3] = n.Edges.Level.Name
		}
		for j := range row {
			row[j] = textfold.NFC(row[j])
		}
		s.Rows = append(s.Rows, row)
	}
	return s, nil
}

var statusName = map[nomination.Status]string{
	nomination.StatusDRAFT: "Dự thảo", nomination.StatusSUBMITTED: "Đã gửi", nomination.StatusRETURNED: "Trả lại",
	nomination.StatusAPPROVED: "Đã duyệt", nomination.StatusREJECTED: "Không duyệt", nomination.StatusAWARDED: "Đã khen thưởng",
	nomination.StatusWITHDRAWN: "Đã rút",
}
