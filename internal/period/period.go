// Package period parses and validates the typed periods awards are given for. A school year
// (năm học 2022-2023), a calendar year (2023), a term (nhiệm kỳ 2023-2028) and a phase
// (giai đoạn 2022-2025) are different things even when their years overlap, so a period is
// always a kind plus its first and last year.
package period

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vinhdanh/internal/enum"
)

// ErrInvalid is wrapped by every error this package returns.
var ErrInvalid = errors.New("invalid period")

// Period is a typed span of years.
type Period struct {
	Kind      enum.PeriodKind
	StartYear int
	EndYear   int
}

// Validate reports whether the years fit the kind.
func (p Period) Validate() error {
	if p.StartYear < 1945 || p.StartYear > 2200 {
		return fmt.Errorf("%w: start year %d is out of range", ErrInvalid, p.StartYear)
	}
	switch p.Kind {
	case enum.PeriodSchoolYear:
		if p.EndYear != p.StartYear+1 {
			return fmt.Errorf("%w: a school year runs over two consecutive years, got %d-%d", ErrInvalid, p.StartYear, p.EndYear)
		}
	case enum.PeriodCalendarYear:
		if p.EndYear != p.StartYear {
			return fmt.Errorf("%w: a calendar year starts and ends in the same year, got %d-%d", ErrInvalid, p.StartYear, p.EndYear)
		}
	case enum.PeriodTerm, enum.PeriodPhase:
		if p.EndYear <= p.StartYear || p.EndYear-p.StartYear > 10 {
			return fmt.Errorf("%w: a %s spans 2 to 10 years, got %d-%d", ErrInvalid, strings.ToLower(string(p.Kind)), p.StartYear, p.EndYear)
		}
	default:
		return fmt.Errorf("%w: unknown kind %q", ErrInvalid, p.Kind)
	}
	return nil
}

// Span returns the first and last day the period covers: a school year runs from 1 September
// to 31 August, every other kind from 1 January of its first year to 31 December of its last.
func (p Period) Span() (first, last time.Time) {
	if p.Kind == enum.PeriodSchoolYear {
		return time.Date(p.StartYear, time.September, 1, 0, 0, 0, 0, time.UTC),
			time.Date(p.EndYear, time.August, 31, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(p.StartYear, time.January, 1, 0, 0, 0, 0, time.UTC),
		time.Date(p.EndYear, time.December, 31, 0, 0, 0, 0, time.UTC)
}

// String formats the period the way Vietnamese documents write it: "2023" or "2022-2023".
func (p Period) String() string {
	if p.StartYear == p.EndYear {
		return strconv.Itoa(p.StartYear)
	}
	return strconv.Itoa(p.StartYear) + "-" + strconv.Itoa(p.EndYear)
}

// Name is the period with its kind, as a certificate or a roll writes it: "Năm học 2022-2023",
// "Năm 2024", "Nhiệm kỳ 2023-2028", "Giai đoạn 2021-2025".
func (p Period) Name() string {
	// A switch, not a map: every award of a roll page names its period, and a map literal
	// here was built afresh for each (5 µs a name, a tenth of a page's field resolution).
	var prefix string
	switch p.Kind {
	case enum.PeriodSchoolYear:
		prefix = "Năm học "
	case enum.PeriodCalendarYear:
		prefix = "Năm "
	case enum.PeriodTerm:
		prefix = "Nhiệm kỳ "
	case enum.PeriodPhase:
		prefix = "Giai đoạn "
	}
	return prefix + p.String()
}

// NameOf is Name for a record's optional period columns, nil when it has none.
func NameOf(kind *enum.PeriodKind, start, end *int) *string {
	p := Of(kind, start, end)
	if p == nil {
		return nil
	}
	s := p.Name()
	return &s
}

// Parse reads "2023", "2022-2023" or "2022 - 2023" as a period of the given kind.
func Parse(kind enum.PeriodKind, s string) (Period, error) {
	first, last, found := strings.Cut(strings.TrimSpace(s), "-")
	start, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		return Period{}, fmt.Errorf("%w: %q is not a year or a range of years", ErrInvalid, s)
	}
	end := start
	if found {
		if end, err = strconv.Atoi(strings.TrimSpace(last)); err != nil {
			return Period{}, fmt.Errorf("%w: %q is not a year or a range of years", ErrInvalid, s)
		}
	}
	p := Period{Kind: kind, StartYear: start, EndYear: end}
	return p, p.Validate()
}

// Of returns the period of a record's optional period columns, or nil when it has none.
func Of(kind *enum.PeriodKind, start, end *int) *Period {
	if kind == nil || start == nil || end == nil {
		return nil
	}
	return &Period{Kind: *kind, StartYear: *start, EndYear: *end}
}

// Label formats the optional period columns of a record, or returns nil when the record
// has no period.
func Label(kind *enum.PeriodKind, start, end *int) *string {
	p := Of(kind, start, end)
	if p == nil {
		return nil
	}
	s := p.String()
	return &s
}
