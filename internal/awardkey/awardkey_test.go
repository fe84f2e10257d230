package awardkey

import (
	"testing"

	"vinhdanh/internal/enum"
)

func TestString(t *testing.T) {
	base := Parts{RecipientKind: enum.RecipientIndividual, IndividualID: 7, LevelID: 3,
		PeriodKind: enum.PeriodSchoolYear, StartYear: 2024, EndYear: 2025}
	tests := []struct {
		name string
		edit func(p *Parts)
		want string
	}{
		{"individual", func(*Parts) {}, "I7/L3/SCHOOL_YEAR2024-2025/M0"},
		{"movement is part of the key", func(p *Parts) { p.MovementID = 9 }, "I7/L3/SCHOOL_YEAR2024-2025/M9"},
		{"collective", func(p *Parts) { p.RecipientKind, p.CollectiveID = enum.RecipientCollective, 7 }, "C7/L3/SCHOOL_YEAR2024-2025/M0"},
		{"no period, no key", func(p *Parts) { p.PeriodKind = "" }, ""},
		{"no recipient, no key", func(p *Parts) { p.IndividualID = 0 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			tt.edit(&p)
			if got := p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
