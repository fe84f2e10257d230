// Package importer brings the lists federations keep in Excel into the record: the list
// attached to a decision ("Danh sách kèm theo Quyết định số …": awards already decided) and
// the proposal list ("Danh sách đề nghị khen thưởng": nominations). A file is read whole,
// every row is matched — its unit, its person (folded name, unit, birth year), its level, its
// period, its decision — and reported; then everything is written in one transaction through
// the same paths as the API (workflow.RecordDecision, workflow.Create), so the record's hooks,
// constraints and privacy rules hold as for any other write. A dry run, or any row in error,
// rolls the transaction back: nothing is half-written.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/individual"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/awardkey"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/textfold"
	"vinhdanh/internal/viewer"
	"vinhdanh/internal/workflow"
)

// Layout is the kind of list a file holds, told by its columns.
type Layout string

const (
	// DecisionList has a decision number and date per row: awards already decided.
	DecisionList Layout = "DECISION_LIST"
	// NominationList has none: proposals, entered as draft nominations.
	NominationList Layout = "NOMINATION_LIST"
)

// Options say what the file does not.
type Options struct {
	DryRun bool
	// IssuerID is the body that signed the decisions, for a list without a "Cơ quan khen
	// thưởng" column; 0: the caller's unit.
	IssuerID int
	// ProposerID is the unit proposing, for a nomination list; 0: the caller's unit.
	ProposerID int
	// Period is the period of rows that have none ("2024-2025", "Năm học 2024-2025").
	Period string
	// PeriodKind is the kind of bare years ("2024-2025"); empty: school year.
	PeriodKind enum.PeriodKind
	// DocumentReference names where the paper decisions are kept; empty: the file's name.
	DocumentReference       string
	SignerName, SignerTitle string
	// Private keeps the imported awards off the public roll.
	Private bool
	// Progress, when set, is told how many rows are done, as the import goes.
	Progress func(done, total int)
}

// Report says what happened, or would happen, to every row.
type Report struct {
	File      string
	Layout    Layout
	Rows      []Row
	Valid     bool // no row is in error
	Committed bool // the rows are in the record
	// What the file adds.
	Decisions, Awards, Nominations, NewIndividuals, MatchedIndividuals int
}

// Row is one line of the file and what it becomes.
type Row struct {
	Row           int // as the spreadsheet numbers it
	Recipient     string
	RecipientKind enum.RecipientKind
	// The recipient: a collective, or an individual matched or new (its id once written).
	CollectiveID, IndividualID *int
	NewIndividual              bool
	Unit                       *string
	LevelID                    *int
	Level                      *string
	Period                     *string
	Decision                   *string // the number, for a decision list
	Problems                   []Problem
}

// Problem is what is wrong with a row, and in which column (none: the row as a whole).
type Problem struct {
	Column  *string
	Message string
}

// MarshalGQL implements graphql.Marshaler.
func (l Layout) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(l))) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (l *Layout) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if Layout(s) != DecisionList && Layout(s) != NominationList {
		return fmt.Errorf("%v is not an import layout", v)
	}
	*l = Layout(s)
	return nil
}

// Errors counts the rows in error.
func (r *Report) Errors() int {
	n := 0
	for _, row := range r.Rows {
		if len(row.Problems) > 0 {
			n++
		}
	}
	return n
}

// planned is a row once matched: what to write.
type planned struct {
	report    *Row
	kind      enum.RecipientKind
	unit      *ent.Collective
	person    *ent.Individual // nil for a new person
	newPerson *newPerson
	level     *ent.AwardLevel
	period    period.Period
	citation  string
	title     string
	decision  *decisionKey
}

// individualID is the recipient's id: matched, or created by this import.
func (p *planned) individualID() *int {
	if p.person != nil {
		return &p.person.ID
	}
	return &p.newPerson.id
}

type newPerson struct {
	name      string
	birthYear *int
	gender    *string
	title     string
	unit      *ent.Collective
	id        int // once created
}

type decisionKey struct {
	issuer *ent.Collective
	number string
	signed string // the day, as 2006-01-02
	rows   []*planned
}

// Run imports a file (its name tells .xlsx from .csv) as the viewer in ctx, into c; with
// DryRun, or when a row is in error, nothing is written. An error is returned only when the
// file cannot be read at all, the caller may not import, or the database fails; row problems
// are in the report.
func Run(ctx context.Context, c *ent.Client, name string, data []byte, o Options) (*Report, error) {
	v := viewer.FromContext(ctx)
	if !v.CanWrite() {
		return nil, viewer.Refusal(ctx, "import records")
	}
	t, err := readTable(name, data)
	if errors.Is(err, ErrLayout) {
		return nil, apperr.Invalid("file", "%s", err.Error())
	}
	if err != nil {
		return nil, err
	}
	if o.PeriodKind == "" {
		o.PeriodKind = enum.PeriodSchoolYear
	}
	if strings.TrimSpace(o.DocumentReference) == "" {
		o.DocumentReference = name
	}
	rep := &Report{File: name, Layout: NominationList}
	if t.has(colNumber) {
		rep.Layout = DecisionList
	}
	cat, err := loadCatalogue(ctx, c, v)
	if err != nil {
		return nil, err
	}
	plan, decisions, err := resolve(ctx, c, t, cat, rep, o)
	if err != nil {
		return nil, err
	}
	if err := duplicates(ctx, c, t, plan); err != nil {
		return nil, err
	}
	rep.Valid = rep.Errors() == 0 && len(plan) > 0
	if len(plan) == 0 {
		rep.Rows = append(rep.Rows, Row{Problems: []Problem{{Message: "the file has no rows under its header"}}})
	}
	for _, p := range plan {
		if p.person != nil {
			rep.MatchedIndividuals++
		}
	}
	if !rep.Valid {
		return rep, nil
	}
	return rep, write(ctx, c, rep, plan, decisions, o)
}

// resolve matches every row, recording problems in the report.
func resolve(ctx context.Context, c *ent.Client, t *table, cat *catalogue, rep *Report, o Options) ([]*planned, []*decisionKey, error) {
	v := cat.v
	defaultIssuer := o.IssuerID
	if defaultIssuer == 0 {
		defaultIssuer = v.ScopeID
	}
	proposer := o.ProposerID
	if proposer == 0 {
		proposer = v.ScopeID
	}
	var (
		plan      []*planned
		decisions []*decisionKey
		byNumber  = map[string]*decisionKey{}
		section   enum.RecipientKind
	)
	if rep.Layout == NominationList && cat.byID[proposer] == nil {
		return nil, nil, apperr.Invalid("proposerID", "say which unit proposes these nominations")
	}
	// Units first, so that the people of every unit named are read in one pass.
	var units []int
	for _, r := range t.rows {
		if u, err := cat.unit(t.cell(r, colUnit)); err == nil {
			units = append(units, u.ID)
		}
	}
	slices.Sort(units)
	if err := cat.loadPeople(ctx, c, slices.Compact(units)); err != nil {
		return nil, nil, err
	}
	newPeople := map[string]*newPerson{}
	for _, r := range t.rows {
		name, levelCell := t.cell(r, colName), t.cell(r, colLevel)
		if levelCell == "" && !isNumber(t.cell(r, colNo)) {
			// A title, a section heading ("II. Cá nhân"), a total or the signatures.
			if k, ok := recipientKind(strings.Join(r.cells, " ")); ok && !isBlank(r.cells) {
				section = k
			}
			continue
		}
		row := Row{Row: r.number, Recipient: name}
		problem := func(col column, format string, args ...any) {
			row.Problems = append(row.Problems, Problem{Column: ptr(t.label(col)), Message: fmt.Sprintf(format, args...)})
		}
		p := &planned{citation: t.cell(r, colCitation), title: t.cell(r, colTitle)}
		p.kind = enum.RecipientIndividual
		if section != "" {
			p.kind = section
		}
		if k, ok := recipientKind(t.cell(r, colKind)); ok {
			p.kind = k
		} else if section == "" && name != "" {
			// No kind said anywhere: a row named after a unit is the unit's (our own exports
			// list collectives so, with the unit above them as "Đơn vị").
			if _, err := cat.unit(name); err == nil {
				p.kind = enum.RecipientCollective
			}
		}
		row.RecipientKind = p.kind

		var issuer *ent.Collective
		if rep.Layout == DecisionList {
			issuerID := defaultIssuer
			if cell := t.cell(r, colIssuer); cell != "" {
				if u, err := cat.unit(cell); err != nil {
					problem(colIssuer, "%v", err)
					issuerID = 0
				} else {
					issuerID = u.ID
				}
			}
			issuer = cat.byID[issuerID]
			if issuer == nil && t.cell(r, colIssuer) == "" {
				problem(colIssuer, "say which body signed the decision (a \"Cơ quan khen thưởng\" column, or the issuer for the whole file)")
			}
			number, signed := t.cell(r, colNumber), t.cell(r, colSignedOn)
			day, err := parseDay(signed)
			switch {
			case number == "":
				problem(colNumber, "the decision's number is missing")
			case signed == "":
				problem(colSignedOn, "the decision's date is missing")
			case err != nil:
				problem(colSignedOn, "%v", err)
			case issuer != nil:
				key := strconv.Itoa(issuer.ID) + "|" + textfold.Fold(number)
				d := byNumber[key]
				if d == nil {
					d = &decisionKey{issuer: issuer, number: number, signed: day.Format("2006-01-02")}
					byNumber[key] = d
					decisions = append(decisions, d)
				} else if d.signed != day.Format("2006-01-02") {
					problem(colSignedOn, "decision %s is dated %s on an earlier row", number, d.signed)
				}
				p.decision = d
				row.Decision = &number
			}
		}

		if cell := t.cell(r, colPeriod); cell != "" || o.Period != "" {
			if cell == "" {
				cell = o.Period
			}
			if per, err := parsePeriod(cell, o.PeriodKind); err != nil {
				problem(colPeriod, "%v", err)
			} else {
				p.period = per
				row.Period = ptr(per.Name())
			}
		} else {
			problem(colPeriod, "no period: add a period column (\"Năm học\") or give the period of the whole file")
		}

		switch {
		case name == "":
			problem(colName, "the recipient's name is missing")
		case p.kind == enum.RecipientCollective:
			if u, err := cat.unit(name); err != nil {
				problem(colName, "%v", err)
			} else {
				p.unit = u
				row.CollectiveID, row.Recipient = &u.ID, u.Name
			}
		default:
			unitCell := t.cell(r, colUnit)
			born, err := parseBirthYear(t.cell(r, colBirthYear))
			if err != nil {
				problem(colBirthYear, "%v", err)
			}
			gender, err := parseGender(t.cell(r, colGender))
			if err != nil {
				problem(colGender, "%v", err)
			}
			if unitCell == "" {
				problem(colUnit, "a person's unit is needed to find them (\"Đơn vị\")")
				break
			}
			u, err := cat.unit(unitCell)
			if err != nil {
				problem(colUnit, "%v", err)
				break
			}
			p.unit, row.Unit = u, &u.Name
			person, err := cat.person(name, u, born)
			if err != nil {
				problem(colName, "%v", err)
				break
			}
			if person != nil {
				p.person, row.IndividualID, row.Recipient = person, &person.ID, person.FullName
				break
			}
			// The same new person on several rows (two awards) is created once.
			key := fmt.Sprintf("%d|%s|%v", u.ID, textfold.Fold(name), derefYear(born))
			np := newPeople[key]
			if np == nil {
				np = &newPerson{name: name, birthYear: born, gender: gender, title: p.title, unit: u}
				newPeople[key] = np
			}
			p.newPerson, row.NewIndividual = np, true
		}

		if levelCell == "" {
			problem(colLevel, "the level is missing")
		} else if l, err := cat.level(levelCell, issuer, p.kind); err != nil {
			problem(colLevel, "%v", err)
		} else {
			p.level, row.LevelID, row.Level = l, &l.ID, &l.Name
		}
		rep.Rows = append(rep.Rows, row)
		p.report = &rep.Rows[len(rep.Rows)-1]
		plan = append(plan, p)
		if p.decision != nil {
			p.decision.rows = append(p.decision.rows, p)
		}
	}
	// The report's rows moved while it grew; point the plan at their final places.
	for i, p := range plan {
		p.report = &rep.Rows[i]
	}
	rep.NewIndividuals = len(newPeople)
	if rep.Layout == DecisionList {
		rep.Decisions = len(decisions)
		rep.Awards = len(plan)
	} else {
		rep.Nominations = len(plan)
	}
	return plan, decisions, nil
}

// duplicates finds the awards a decision list would give twice: twice in the file, or
// already on record (the award key the database keeps unique).
func duplicates(ctx context.Context, c *ent.Client, t *table, plan []*planned) error {
	seen := map[string]int{}
	byKey := map[string][]*planned{}
	var keys []string
	for _, p := range plan {
		if p.decision == nil || p.level == nil || p.period.Kind == "" {
			continue
		}
		parts := awardkey.Parts{RecipientKind: p.kind, LevelID: p.level.ID, PeriodKind: p.period.Kind,
			StartYear: p.period.StartYear, EndYear: p.period.EndYear}
		identity := ""
		switch {
		case p.kind == enum.RecipientCollective && p.unit != nil:
			parts.CollectiveID = p.unit.ID
		case p.person != nil:
			parts.IndividualID = p.person.ID
		case p.newPerson != nil:
			identity = fmt.Sprintf("new %p", p.newPerson)
		default:
			continue
		}
		key := parts.String()
		if identity != "" {
			key = identity + parts.String()
		}
		if first, ok := seen[key]; ok {
			p.report.Problems = append(p.report.Problems, Problem{Column: ptr(t.label(colLevel)),
				Message: fmt.Sprintf("the same award is on row %d", first)})
			continue
		}
		seen[key] = p.report.Row
		if identity == "" && key != "" {
			keys = append(keys, key)
			byKey[key] = append(byKey[key], p)
		}
	}
	for chunk := range slices.Chunk(keys, 500) {
		onRecord, err := c.Award.Query().Where(award.ActiveKeyIn(chunk...)).WithDecision().All(ctx)
		if err != nil {
			return fmt.Errorf("look up awards already on record: %w", err)
		}
		for _, a := range onRecord {
			if a.ActiveKey == nil {
				continue
			}
			for _, p := range byKey[*a.ActiveKey] {
				msg := "the recipient already has this award for this period"
				if a.Edges.Decision != nil {
					msg += " (decision " + a.Edges.Decision.Number + ")"
				}
				p.report.Problems = append(p.report.Problems, Problem{Column: ptr(t.label(colLevel)), Message: msg})
			}
		}
	}
	return nil
}

// write adds the plan to the record in one transaction, committed unless this is a dry run
// or a write was refused.
func write(ctx context.Context, c *ent.Client, rep *Report, plan []*planned, decisions []*decisionKey, o Options) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin import: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	tc := tx.Client()
	done := 0
	progress := func(n int) {
		done += n
		if o.Progress != nil {
			o.Progress(done, len(plan))
		}
	}
	refused := func(p *planned, err error) error {
		var e *apperr.Error
		if !errors.As(err, &e) {
			return err
		}
		if (e.Code == apperr.Forbidden || e.Code == apperr.Unauthenticated) && !awardRefusal.MatchString(e.Message) {
			// The caller may not record this issuer's decisions at all: the file as a whole is refused.
			return err
		}
		msg := e.Message
		if m := awardPrefix.FindStringIndex(msg); m != nil {
			msg = msg[m[1]:]
		}
		p.report.Problems = append(p.report.Problems, Problem{Message: msg})
		rep.Valid = false
		return nil
	}
	for _, p := range plan {
		np := p.newPerson
		if np == nil || np.id != 0 {
			continue
		}
		b := tc.Individual.Create().SetFullName(np.name).SetNillableBirthYear(np.birthYear)
		if np.gender != nil {
			b.SetGender(individual.Gender(*np.gender))
		}
		person, err := b.Save(ctx)
		if err == nil {
			title := np.title
			if title == "" {
				title = "Thành viên"
			}
			err = tc.Position.Create().SetIndividualID(person.ID).SetCollectiveID(np.unit.ID).SetTitle(title).
				SetSource(rep.File).Exec(ctx)
		}
		if err != nil {
			if err := refused(p, err); err != nil {
				return fmt.Errorf("row %d: create %s: %w", p.report.Row, np.name, err)
			}
			continue
		}
		np.id = person.ID
	}
	if !rep.Valid {
		return nil
	}
	if rep.Layout == DecisionList {
		for _, d := range decisions {
			in := workflow.RecordInput{Number: d.number, SignerName: o.SignerName, SignerTitle: o.SignerTitle,
				IssuerID: d.issuer.ID, DocumentReference: o.DocumentReference, MaxAwards: MaxRows}
			in.SignedOn, _ = parseDay(d.signed)
			for _, p := range d.rows {
				a := workflow.RecordedAward{RecipientKind: p.kind, LevelID: p.level.ID, Citation: p.citation, Public: !o.Private,
					PeriodKind: &p.period.Kind, PeriodStartYear: &p.period.StartYear, PeriodEndYear: &p.period.EndYear}
				if p.kind == enum.RecipientCollective {
					a.CollectiveID = &p.unit.ID
				} else {
					a.IndividualID = p.individualID()
				}
				in.Awards = append(in.Awards, a)
			}
			if _, err := workflow.RecordDecision(ctx, tc, in); err != nil {
				at := 0
				if e, ok := apperr.As(err); ok {
					fmt.Sscanf(e.Field, "awards[%d]", &at)
				}
				if err := refused(d.rows[min(at, len(d.rows)-1)], err); err != nil {
					return fmt.Errorf("record decision %s: %w", d.number, err)
				}
				return nil
			}
			progress(len(d.rows))
		}
	} else {
		proposer := o.ProposerID
		if proposer == 0 {
			proposer = viewer.FromContext(ctx).ScopeID
		}
		for _, p := range plan {
			in := ent.CreateNominationInput{RecipientKind: p.kind, LevelID: p.level.ID, ProposerID: proposer,
				PeriodKind: &p.period.Kind, PeriodStartYear: &p.period.StartYear, PeriodEndYear: &p.period.EndYear}
			if p.citation != "" {
				in.Achievements = &p.citation
			}
			if p.kind == enum.RecipientCollective {
				in.CollectiveID = &p.unit.ID
			} else {
				in.IndividualID = p.individualID()
			}
			if _, err := workflow.Create(ctx, tc, in); err != nil {
				if err := refused(p, err); err != nil {
					return fmt.Errorf("row %d: create nomination: %w", p.report.Row, err)
				}
				return nil
			}
			progress(1)
		}
	}
	if o.DryRun {
		return nil
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	rep.Committed = true
	// A new person has an id once it is in the record, not in a dry run's rolled-back one.
	for _, p := range plan {
		if p.newPerson != nil {
			p.report.IndividualID = &p.newPerson.id
		}
	}
	return nil
}

// awardPrefix is how workflow names an award of a decision in its messages; the report names
// the row instead.
var awardPrefix = regexp.MustCompile(`(record )?award \d+: `)

// awardRefusal is a refusal about one award (its recipient outside the caller's scope), not
// about the whole decision.
var awardRefusal = regexp.MustCompile(`record award \d+:`)

func isNumber(s string) bool {
	_, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "."))
	return err == nil
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func ptr[T any](v T) *T { return &v }

func derefYear(y *int) any {
	if y == nil {
		return "?"
	}
	return *y
}
