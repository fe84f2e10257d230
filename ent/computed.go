package ent

// Hand-written: fields the API computes from a record's own columns. As methods without a
// context, gqlgen resolves them inline; as resolvers, each would cost a goroutine per record
// on every page (fifty per honor-roll page).

import "vinhdanh/internal/period"

// Period is the award's period as people write it ("Năm học 2022-2023").
func (a *Award) Period() *string {
	return period.Label(a.PeriodKind, a.PeriodStartYear, a.PeriodEndYear)
}

// PeriodName is the award's period with its kind ("Năm học 2022-2023", "Nhiệm kỳ 2023-2028").
func (a *Award) PeriodName() *string {
	return period.NameOf(a.PeriodKind, a.PeriodStartYear, a.PeriodEndYear)
}

// Revoked reports whether the award has been revoked.
func (a *Award) Revoked() bool { return a.RevokedAt != nil }

// Period is the ceremony's period as people write it.
func (c *Ceremony) Period() *string {
	return period.Label(c.PeriodKind, c.PeriodStartYear, c.PeriodEndYear)
}

// Period is the movement's period as people write it.
func (m *EmulationMovement) Period() *string {
	return period.Label(m.PeriodKind, m.PeriodStartYear, m.PeriodEndYear)
}

// Period is the nomination's period as people write it.
func (n *Nomination) Period() *string {
	return period.Label(n.PeriodKind, n.PeriodStartYear, n.PeriodEndYear)
}
