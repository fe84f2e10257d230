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
