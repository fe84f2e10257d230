package workflow

import "time"

// now is the clock of history events, in UTC.
func now() time.Time { return time.Now().UTC() }
