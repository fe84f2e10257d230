// Package enum holds the closed vocabularies shared by several ent schemas and exposed
// unchanged as GraphQL enums. They live outside ent so that one Go type backs one GraphQL
// enum (ent would otherwise generate a separate type per entity field).
package enum

import (
	"fmt"
	"io"
	"strconv"
)

// RecipientKind says whether an award or a nomination is for a collective or an individual.
type RecipientKind string

// Recipient kinds.
const (
	RecipientCollective RecipientKind = "COLLECTIVE"
	RecipientIndividual RecipientKind = "INDIVIDUAL"
)

// Values lists the values for ent's enum field.
func (RecipientKind) Values() []string { return []string{"COLLECTIVE", "INDIVIDUAL"} }

// MarshalGQL implements graphql.Marshaler.
func (k RecipientKind) MarshalGQL(w io.Writer) { writeQuoted(w, string(k)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *RecipientKind) UnmarshalGQL(v any) error { return unmarshal(v, k, RecipientKind.Values) }

// Tier is the level of the hierarchy a collective or an award belongs to.
type Tier string

// Tiers, from the top of the hierarchy down.
const (
	TierNational   Tier = "NATIONAL"
	TierCity       Tier = "CITY"
	TierDistrict   Tier = "DISTRICT"
	TierGrassroots Tier = "GRASSROOTS"
)

// Values lists the values for ent's enum field.
func (Tier) Values() []string { return []string{"NATIONAL", "CITY", "DISTRICT", "GRASSROOTS"} }

// MarshalGQL implements graphql.Marshaler.
func (t Tier) MarshalGQL(w io.Writer) { writeQuoted(w, string(t)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (t *Tier) UnmarshalGQL(v any) error { return unmarshal(v, t, Tier.Values) }

// CollectiveKind is the kind of an organisational unit.
type CollectiveKind string

// Collective kinds. Union bodies first, then the state and Party bodies that co-issue or
// co-present awards.
const (
	KindConfederation      CollectiveKind = "CONFEDERATION"       // Tổng LĐLĐ Việt Nam
	KindCityFederation     CollectiveKind = "CITY_FEDERATION"     // LĐLĐ tỉnh, thành phố
	KindDistrictFederation CollectiveKind = "DISTRICT_FEDERATION" // LĐLĐ quận, huyện, thị xã
	KindSectorUnion        CollectiveKind = "SECTOR_UNION"        // Công đoàn ngành
	KindGrassrootsUnion    CollectiveKind = "GRASSROOTS_UNION"    // CĐCS
	KindProfessionalUnion  CollectiveKind = "PROFESSIONAL_UNION"  // nghiệp đoàn
	KindSchool             CollectiveKind = "SCHOOL"
	KindGovernmentBody     CollectiveKind = "GOVERNMENT_BODY" // UBND, Sở/Phòng GD&ĐT
	KindPartyBody          CollectiveKind = "PARTY_BODY"      // Quận ủy and its boards
)

// Values lists the values for ent's enum field.
func (CollectiveKind) Values() []string {
	return []string{"CONFEDERATION", "CITY_FEDERATION", "DISTRICT_FEDERATION", "SECTOR_UNION",
		"GRASSROOTS_UNION", "PROFESSIONAL_UNION", "SCHOOL", "GOVERNMENT_BODY", "PARTY_BODY"}
}

// MarshalGQL implements graphql.Marshaler.
func (k CollectiveKind) MarshalGQL(w io.Writer) { writeQuoted(w, string(k)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *CollectiveKind) UnmarshalGQL(v any) error { return unmarshal(v, k, CollectiveKind.Values) }

// PeriodKind tells which calendar a period is counted in. Education reports by school year,
// the union by calendar year; terms and phases span several years. Periods of different
// kinds are never compared with each other.
type PeriodKind string

// Period kinds.
const (
	PeriodSchoolYear   PeriodKind = "SCHOOL_YEAR"   // năm học 2022-2023
	PeriodCalendarYear PeriodKind = "CALENDAR_YEAR" // năm 2023
	PeriodTerm         PeriodKind = "TERM"          // nhiệm kỳ 2023-2028
	PeriodPhase        PeriodKind = "PHASE"         // giai đoạn 2022-2025
)

// Values lists the values for ent's enum field.
func (PeriodKind) Values() []string {
	return []string{"SCHOOL_YEAR", "CALENDAR_YEAR", "TERM", "PHASE"}
}

// MarshalGQL implements graphql.Marshaler.
func (k PeriodKind) MarshalGQL(w io.Writer) { writeQuoted(w, string(k)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *PeriodKind) UnmarshalGQL(v any) error { return unmarshal(v, k, PeriodKind.Values) }

func writeQuoted(w io.Writer, s string) { _, _ = io.WriteString(w, strconv.Quote(s)) }

func unmarshal[T ~string](v any, dst *T, values func(T) []string) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("enum value must be a string, got %T", v)
	}
	for _, allowed := range values(*dst) {
		if s == allowed {
			*dst = T(s)
			return nil
		}
	}
	return fmt.Errorf("%q is not a valid %T", s, *dst)
}
