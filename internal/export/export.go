// Package export writes the lists federations keep in Excel — a decision's attached list, a
// unit's honor roll — as XLSX (excelize) and CSV, with Vietnamese headers in NFC, from queries
// made with the caller's viewer: the privacy rules decide which rows appear, as in the API.
package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/decision"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/period"
	"vinhdanh/internal/textfold"
)

// Sheet is a titled table.
type Sheet struct {
	Title  string // the line above the table, as the paper form has it
	Name   string // the file's name, without extension
	Header []string
	Rows   [][]string
	Cut    bool // the list was cut at MaxRows
	// Numeric columns are written to XLSX as numbers (row numbers, counts).
	Numeric map[int]bool
}

// MaxRows bounds an export: a national roll is not a spreadsheet.
var MaxRows = 20_000

var header = []string{"STT", "Họ và tên / Tập thể", "Chức vụ", "Đơn vị", "Hình thức khen thưởng", "Thời kỳ",
	"Thành tích", "Số quyết định", "Ngày ký", "Cơ quan khen thưởng"}

// Decision is the list attached to a decision ("Danh sách kèm theo Quyết định số …"): the
// awards of it the caller may see, in the roll's order (level, then Vietnamese name order).
func Decision(ctx context.Context, c *ent.Client, id int) (*Sheet, error) {
	dec, err := c.Decision.Query().Where(decision.ID(id)).WithIssuer().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("decision %d not found", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("load decision %d: %w", id, err)
	}
	awards, err := c.Award.Query().Where(award.DecisionID(id)).Order(ent.Asc(award.FieldRollKey), ent.Asc(award.FieldID)).
		Limit(MaxRows + 1).WithLevel().WithDecision(func(q *ent.DecisionQuery) { q.WithIssuer() }).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the awards of decision %d: %w", id, err)
	}
	title := "Danh sách kèm theo Quyết định số " + dec.Number
	if dec.SignedOn != nil {
		title += " ngày " + dec.SignedOn.Format("02/01/2006")
	}
	if dec.Edges.Issuer != nil {
		title += " của " + dec.Edges.Issuer.Name
	}
	return sheet(title, fmt.Sprintf("quyet-dinh-%d", id), awards), nil
}

// HonorRoll is a unit's public honor roll, every page of it, in the roll's order.
func HonorRoll(ctx context.Context, c *ent.Client, p honorroll.Params) (*Sheet, error) {
	unit, err := c.Collective.Get(ctx, p.CollectiveID)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "collective", Message: fmt.Sprintf("collective %d not found", p.CollectiveID)}
	}
	if err != nil {
		return nil, fmt.Errorf("load collective %d: %w", p.CollectiveID, err)
	}
	filter, err := honorroll.Filter(ctx, c, p)
	if err != nil {
		return nil, err
	}
	q, err := filter(c.Award.Query())
	if err != nil {
		return nil, err
	}
	awards, err := q.Order(ent.Asc(award.FieldRollKey), ent.Asc(award.FieldID)).Limit(MaxRows + 1).
		WithLevel().WithDecision(func(q *ent.DecisionQuery) { q.WithIssuer() }).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the honor roll: %w", err)
	}
	title := "Danh sách khen thưởng của " + unit.Name
	if p.Period != "" {
		title += ", " + p.Period
	}
	return sheet(title, fmt.Sprintf("vinh-danh-%d", unit.ID), awards), nil
}

func sheet(title, name string, awards []*ent.Award) *Sheet {
	s := &Sheet{Title: textfold.NFC(title), Name: name, Header: header, Numeric: map[int]bool{0: true}}
	if len(awards) > MaxRows {
		awards, s.Cut = awards[:MaxRows], true
	}
	for i, a := range awards {
		s.Rows = append(s.Rows, row(i+1, a))
	}
	return s
}

func row(n int, a *ent.Award) []string {
	per := ""
	if p := period.Label(a.PeriodKind, a.PeriodStartYear, a.PeriodEndYear); p != nil {
		per = *p
	}
	r := []string{strconv.Itoa(n), a.RecipientName, a.RecipientPosition, a.RecipientUnit, "", per, a.Citation, "", "", ""}
	if l := a.Edges.Level; l != nil {
		r[4] = l.Name
	}
	if d := a.Edges.Decision; d != nil {
		r[7] = d.Number
		if d.SignedOn != nil {
			r[8] = d.SignedOn.Format("02/01/2006")
		}
		if d.Edges.Issuer != nil {
			r[9] = d.Edges.Issuer.Name
		}
	}
	for i := range r {
		r[i] = textfold.NFC(r[i])
	}
	return r
}

// WriteCSV writes the table (header first, no title line) as UTF-8 with a byte-order mark,
// which Excel needs to read Vietnamese.
func WriteCSV(w io.Writer, s *Sheet) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(s.Header); err != nil {
		return err
	}
	if err := cw.WriteAll(s.Rows); err != nil {
		return err
	}
	return cw.Error()
}

// WriteXLSX writes the title, a blank line and the table, with a bold header row, as the
// paper forms lay it out.
func WriteXLSX(w io.Writer, s *Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	const name = "Danh sách"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	_ = sw.SetColWidth(2, 2, 32)
	_ = sw.SetColWidth(4, 5, 28)
	_ = sw.SetColWidth(7, 7, 40)
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: bold, Value: s.Title}}); err != nil {
		return err
	}
	cells := make([]any, len(s.Header))
	for i, h := range s.Header {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A3", cells); err != nil {
		return err
	}
	for i, r := range s.Rows {
		values := make([]any, len(r))
		for j, v := range r {
			values[j] = v
		}
		for j := range values {
			if n, err := strconv.Atoi(r[j]); err == nil && s.Numeric[j] {
				values[j] = n
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	if s.Cut {
		cell, _ := excelize.CoordinatesToCellName(1, len(s.Rows)+5)
		if err := sw.SetRow(cell, []any{fmt.Sprintf("Danh sách dừng ở %d dòng.", MaxRows)}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
