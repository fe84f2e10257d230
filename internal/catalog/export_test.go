package catalog

import "time"

// SetClock replaces the memory's clock, so a test can pass the TTL without waiting for it.
func SetClock(m *Memory, now func() time.Time) {
	m.levels.now, m.issuers.now, m.subtrees.now, m.movements.now = now, now, now, now
	m.decisions.now, m.ceremonies.now = now, now
}

// SetMaxKept lowers the bound of what memory holds, so a test can pass it with a few records.
func SetMaxKept(n int) (restore func()) {
	old := maxKept
	maxKept = n
	return func() { maxKept = old }
}
