// Package awardkey names what makes an award unique: one recipient, one level, one typed
// period and one emulation movement (or none). Awards store the key while they are valid, under
// a unique index, so the database itself refuses a second one; revocation clears it. Nominations
// store the same key, so eligibility finds competing nominations with one indexed lookup.
package awardkey

import (
	"fmt"

	"vinhdanh/internal/enum"
)

// Parts are the columns a key is made of.
type Parts struct {
	RecipientKind enum.RecipientKind
	CollectiveID  int // set when RecipientKind is COLLECTIVE
	IndividualID  int // set when RecipientKind is INDIVIDUAL
	LevelID       int
	PeriodKind    enum.PeriodKind // empty when the record has no period
	StartYear     int
	EndYear       int
	MovementID    int // 0 for none
}

// String returns the key, or "" when the parts cannot be told apart from another award's: a
// record without a period (an undated award from an article) is kept but not deduplicated,
// since two of them may well be two different years.
func (p Parts) String() string {
	if p.PeriodKind == "" || p.LevelID == 0 {
		return ""
	}
	recipient := p.IndividualID
	if p.RecipientKind == enum.RecipientCollective {
		recipient = p.CollectiveID
	}
	if recipient == 0 {
		return ""
	}
	return fmt.Sprintf("%c%d/L%d/%s%d-%d/M%d", p.RecipientKind[0], recipient, p.LevelID,
		p.PeriodKind, p.StartYear, p.EndYear, p.MovementID)
}
