package period

import (
	"errors"
	"testing"

	"vinhdanh/internal/enum"
)

func TestParse(t *testing.T) {
	tests := []struct {
		kind    enum.PeriodKind
		in      string
		want    Period
		wantErr bool
	}{
		{enum.PeriodSchoolYear, "2022-2023", Period{enum.PeriodSchoolYear, 2022, 2023}, false},
		{enum.PeriodSchoolYear, "2022 - 2023", Period{enum.PeriodSchoolYear, 2022, 2023}, false},
		{enum.PeriodCalendarYear, "2023", Period{enum.PeriodCalendarYear, 2023, 2023}, false},
		{enum.PeriodTerm, "2023-2028", Period{enum.PeriodTerm, 2023, 2028}, false},
		{enum.PeriodPhase, "2022-2025", Period{enum.PeriodPhase, 2022, 2025}, false},
		{enum.PeriodSchoolYear, "2022-2024", Period{}, true},
		{enum.PeriodSchoolYear, "2023", Period{}, true},
		{enum.PeriodCalendarYear, "2022-2023", Period{}, true},
		{enum.PeriodTerm, "2023", Period{}, true},
		{enum.PeriodCalendarYear, "năm ngoái", Period{}, true},
		{enum.PeriodCalendarYear, "1800", Period{}, true},
		{"DECADE", "2020-2029", Period{}, true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.kind, tt.in)
		if tt.wantErr {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%s, %q) error = %v, want ErrInvalid", tt.kind, tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%s, %q) = %v, %v; want %v", tt.kind, tt.in, got, err, tt.want)
		}
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		p           Period
		first, last string
	}{
		{Period{enum.PeriodSchoolYear, 2024, 2025}, "2024-09-01", "2025-08-31"},
		{Period{enum.PeriodCalendarYear, 2023, 2023}, "2023-01-01", "2023-12-31"},
		{Period{enum.PeriodTerm, 2023, 2028}, "2023-01-01", "2028-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.p.String(), func(t *testing.T) {
			first, last := tt.p.Span()
			if got := first.Format("2006-01-02"); got != tt.first {
				t.Errorf("first = %s, want %s", got, tt.first)
			}
			if got := last.Format("2006-01-02"); got != tt.last {
				t.Errorf("last = %s, want %s", got, tt.last)
			}
		})
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct {
		kind       enum.PeriodKind
		start, end int
		want       string
	}{
		{enum.PeriodSchoolYear, 2022, 2023, "Năm học 2022-2023"},
		{enum.PeriodCalendarYear, 2024, 2024, "Năm 2024"},
		{enum.PeriodTerm, 2023, 2028, "Nhiệm kỳ 2023-2028"},
		{enum.PeriodPhase, 2021, 2025, "Giai đoạn 2021-2025"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := NameOf(&tc.kind, &tc.start, &tc.end); got == nil || *got != tc.want {
				t.Errorf("got %v, want %q", got, tc.want)
			}
		})
	}
	if NameOf(nil, nil, nil) != nil {
		t.Error("a record without a period has a name")
	}
}
